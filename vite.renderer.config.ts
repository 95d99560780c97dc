import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;

/**
 * The dev server injects React Fast Refresh's preamble as an inline script, which the page's
 * strict CSP (`script-src 'self'`) refuses. Relax it for `npm run dev` only; builds keep it.
 */
function devCsp(): Plugin {
  return {
    name: 'tradedesk-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

/**
 * The renderer build, shared by electron-vite (the Electron app) and the browser host's dev
 * middleware. Relative base so the same build loads from file:// in Electron and from the
 * browser host's loopback server.
 */
export const rendererConfig = {
  root: resolve(here, 'src/renderer'),
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: resolve(here, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    // electron-vite leaves output unminified by default; the renderer ships minified.
    minify: true,
    rollupOptions: { input: resolve(here, 'src/renderer/index.html') },
  },
};

export default defineConfig(rendererConfig);
