import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "packages/*/test/**/*.test.tsx"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
    ],
  },
});
