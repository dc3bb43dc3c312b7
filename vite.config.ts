import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { scanSounds } from './scripts/vite-sounds.js';

/**
 * The renderer build. Same bundle for both shells:
 * - the Electron shell loads dist/renderer/index.html from file:// (hence `base: './'`),
 * - the browser shell serves dist/renderer over http with a strict CSP
 *   (`script-src 'self'; style-src 'self'`): no inline scripts or style blocks in the output.
 */
const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react(), scanSounds({ dir: fileURLToPath(new URL('./resources/sounds', import.meta.url)) })],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill would be inlined into the entry chunk; modern Chromium does not need it.
    modulePreload: { polyfill: false },
    // Keep CSS as files (never inlined into JS/HTML) so `style-src 'self'` holds.
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    // Two pages: the counter (index.html) and the customer display (display.html, served at /display).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        display: fileURLToPath(new URL('./renderer/display.html', import.meta.url)),
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
