import { defineConfig } from "vitest/config";

// The UI is served by Tauri from ui/dist (embedded into the binary); no dev server URL is
// configured, so one debug build of the app serves exactly what `npm run build` produced.
export default defineConfig({
  clearScreen: false,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
