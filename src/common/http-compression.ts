import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Below this a response goes out as it is: compressing a small JSON answer costs more than it saves. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * The API's JSON (and any other compressible answer above the threshold) compressed per `Accept-Encoding`,
 * brotli preferred, at a fast level (this runs on every large response). Socket.IO is left alone (its
 * transports frame their own data), and so is what is already encoded (the console's precompressed
 * assets, src/web/precompressed.ts).
 */
export function httpCompression(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: (req: Request, res: Response) =>
      !req.path.startsWith('/socket.io') && compression.filter(req, res),
  });
}
