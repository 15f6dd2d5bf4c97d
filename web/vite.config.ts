import preact from '@preact/preset-vite';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_ORIGIN ?? 'http://localhost:3000';

/** What is worth compressing: text assets of the build (images and fonts are compressed already). */
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside each text asset, at the highest levels (once, at build; the
 * server only picks one per request, see src/web/precompressed.ts). No dependency: node:zlib does both.
 */
function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  let outDir = '';
  return {
    name: 'dong-hanh:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const body = await readFile(path);
          const [b, g] = await Promise.all([
            br(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            }),
            gz(body, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          await Promise.all([writeFile(`${path}.br`, b), writeFile(`${path}.gz`, g)]);
        }),
      );
    },
  };
}

/** The console: built into web/dist and served by the Nest app at `/`; `vite` alone proxies the API for development. */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact(), precompress()],
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
