import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_ORIGIN ?? 'http://localhost:3000';

/** The console: built into web/dist and served by the Nest app at `/`; `vite` alone proxies the API for development. */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/console-config.json': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
