import type { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Hashed file names: a changed file gets a new name, so a copy may be kept for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

type Encoding = 'br' | 'gzip' | 'identity';
const SUFFIX: Record<Exclude<Encoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

interface Asset {
  type: string;
  bodies: Partial<Record<Encoding, Buffer>>;
}

/**
 * The encoding to send, br over gzip over identity, among those the client accepts (`Accept-Encoding`,
 * q-values honoured: `q=0` refuses one; `*` stands for any not named) and those present.
 */
export function chooseEncoding(acceptEncoding: string | undefined, available: readonly Encoding[]): Encoding {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (e: Encoding) => (q.get(e) ?? q.get('*') ?? (e === 'identity' ? 1 : 0)) > 0;
  for (const e of ['br', 'gzip'] as const) if (available.includes(e) && accepts(e)) return e;
  return 'identity';
}

/** The built assets (web/dist/assets) with the `.br`/`.gz` copies the build wrote beside them, read once. */
export function loadAssets(assetsDir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(assetsDir)) return assets;
  const names = new Set(readdirSync(assetsDir));
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const bodies: Asset['bodies'] = { identity: readFileSync(join(assetsDir, name)) };
    for (const e of ['br', 'gzip'] as const)
      if (names.has(name + SUFFIX[e])) bodies[e] = readFileSync(join(assetsDir, name + SUFFIX[e]));
    assets.set(name, { type, bodies });
  }
  return assets;
}

/**
 * Serves `/assets/<name>` from memory, compressed at build time: `Content-Encoding` per `Accept-Encoding`,
 * `Vary: Accept-Encoding` (a cache must not give a brotli body to a client that cannot read it), cached for
 * a year. Files it does not know go on to the static server (and, if compressible, to on-the-fly
 * compression, when a build left no `.br`/`.gz`).
 */
export function precompressedAssets(
  assetsDir: string,
): (req: Request, res: Response, next: NextFunction) => void {
  const assets = loadAssets(assetsDir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const match = /^\/assets\/([^/]+)$/.exec(req.path);
    const asset = match ? assets.get(match[1]) : undefined;
    if (!asset) return next();
    const available = (Object.keys(asset.bodies) as Encoding[]).filter((e) => e !== 'identity');
    const encoding = chooseEncoding(req.headers['accept-encoding'], available);
    const body = asset.bodies[encoding]!;
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', IMMUTABLE);
    res.setHeader('Vary', 'Accept-Encoding');
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.status(200);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };
}
