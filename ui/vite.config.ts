import { defineConfig } from "vitest/config";

// Tauri expects a fixed dev-server port and relative asset paths in the bundle.
export default defineConfig({
  base: "./",
  clearScreen: false,
  // Vite 8 transforms TS/TSX with Oxc; use React's automatic JSX runtime.
  oxc: {
    jsx: { runtime: "automatic" },
  },
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // elkjs is a single ~1.5 MB chunk, loaded lazily on the first auto-layout.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      onwarn(warning, defaultHandler) {
        // @xyflow/react ships a "use client" directive, meaningless outside RSC.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes("use client")) return;
        defaultHandler(warning);
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
