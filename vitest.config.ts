import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "packages/*/test/**/*.test.tsx"],
          environment: "node",
          setupFiles: ["./vitest.setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // The web app in a real headless Chromium: built and served once (globalSetup), files in series.
        test: {
          name: "e2e",
          include: ["packages/web/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["packages/web/e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
