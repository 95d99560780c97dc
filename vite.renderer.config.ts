import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The renderer build, shared by electron-vite (the Electron app) and the browser host's dev
 * middleware. Relative base so the same build loads from file:// in Electron and from the
 * browser host's loopback server.
 */
export const rendererConfig = {
  root: resolve(__dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    // electron-vite leaves output unminified by default; the renderer ships minified.
    minify: true,
    rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
  },
};

export default defineConfig(rendererConfig);
