import type { Request } from 'restify';

/** The body was larger than the route accepts; what was read so far is dropped. */
export const TOO_LARGE = Symbol('too large');

/**
 * Reads a route's body as the bytes that arrived, for routes that must check a signature over them before anything
 * parses them (the global body parser is skipped for these routes, see createServer's `rawBodyRoutes`). Reading
 * stops keeping bytes past `maxBytes`.
 */
export function readRawBody(req: Request, maxBytes: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > maxBytes ? TOO_LARGE : Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('the client aborted the request')));
  });
}
