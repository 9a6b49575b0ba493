import { defineConfig } from "vite";

// Preact JSX through Vite 8's built-in transformer (no plugin). Relative base: the built app works
// from any path, including a file server or a subdirectory, with no network access.
export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 600 },
  preview: { host: "127.0.0.1" },
  server: { host: "127.0.0.1" },
});
