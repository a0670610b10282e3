import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Next, Request, Response, Server } from 'restify';
import { z } from 'zod';
import { issueToken } from '../channels/directline/tokens';
import { LOCALES } from '../content/cardSchema';
import { RateLimiter } from './RateLimiter';

export interface WebChatOptions {
  server: Server;
  root: string;
  secret: string;
  allowedOrigins: readonly string[];
}

interface StaticFile {
  body: Buffer;
  gzip: Buffer;
  type: string;
  cache: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const compressed = new Map<string, StaticFile>();

/** Read and compressed once per process: the Web Chat bundle is 3.9 MB before compression. */
function loadStatic(file: string, cache: string): StaticFile {
  const known = compressed.get(file);
  if (known) return known;
  const body = fs.readFileSync(file);
  const loaded = { body, gzip: zlib.gzipSync(body, { level: 9 }), type: TYPES[path.extname(file)] ?? 'application/octet-stream', cache };
  compressed.set(file, loaded);
  return loaded;
}

const tokenRequestSchema = z.object({ locale: z.string().max(35).optional() }).loose();

/**
 * The public page with the chat, the embeddable widget script, the Web Chat bundle from our own
 * node_modules (never a CDN), and the per-visitor token route that keeps the Direct Line secret server-side.
 */
export function mountWebChat(options: WebChatOptions): void {
  const { server, root, secret, allowedOrigins } = options;
  const pub = path.join(root, 'public');
  const frameAncestors = ["'self'", ...allowedOrigins].join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat sets styles at run time and shows images from data: and blob: URLs.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // 'self' covers ws: and wss: to this same host (CSP Level 3), so no other socket host is allowed.
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');

  const files: Record<string, StaticFile> = {
    '/': loadStatic(path.join(pub, 'index.html'), 'no-cache'),
    '/app.js': loadStatic(path.join(pub, 'app.js'), 'no-cache'),
    '/styles.css': loadStatic(path.join(pub, 'styles.css'), 'no-cache'),
    '/widget.js': loadStatic(path.join(pub, 'widget.js'), 'public, max-age=3600'),
    '/webchat/webchat.js': loadStatic(path.join(root, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js'), 'public, max-age=86400'),
  };

  const strings = Object.fromEntries(
    LOCALES.map((locale) => {
      const raw = JSON.parse(fs.readFileSync(path.join(root, 'locales', locale, 'widget.json'), 'utf8')) as Record<string, unknown>;
      const { _meta, ...rest } = raw;
      void _meta;
      return [locale, rest];
    }),
  );

  for (const [route, file] of Object.entries(files)) {
    server.get(route, (req: Request, res: Response, next: Next) => {
      const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
      res.setHeader('content-type', file.type);
      res.setHeader('cache-control', file.cache);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('vary', 'accept-encoding');
      if (file.type.startsWith('text/html')) {
        res.setHeader('content-security-policy', csp);
        res.setHeader('referrer-policy', 'no-referrer');
      }
      if (gzip) res.setHeader('content-encoding', 'gzip');
      const body = gzip ? file.gzip : file.body;
      res.setHeader('content-length', body.length);
      res.writeHead(200);
      res.end(body);
      next();
    });
  }

  server.get('/api/webchat/strings', (_req: Request, res: Response, next: Next) => {
    res.setHeader('cache-control', 'no-cache');
    // Public interface words: widget.js reads them from the host site's page, so any origin may.
    res.setHeader('access-control-allow-origin', '*');
    res.send(200, strings);
    next();
  });

  const limiter = new RateLimiter(30, 60_000);
  const originAllowed = (req: Request): boolean => {
    const origin = req.header('origin');
    if (!origin) return true;
    const own = `${req.isSecure() || req.header('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${req.header('host')}`;
    return origin === own || allowedOrigins.includes(origin);
  };
  const corsHeaders = (req: Request, res: Response) => {
    const origin = req.header('origin');
    if (origin && allowedOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
  };

  server.opts('/api/webchat/token', (req: Request, res: Response, next: Next) => {
    if (!originAllowed(req)) res.send(403, { error: 'origin not allowed' });
    else {
      corsHeaders(req, res);
      res.setHeader('access-control-allow-methods', 'POST');
      res.setHeader('access-control-allow-headers', 'content-type');
      res.send(204);
    }
    next();
  });

  server.post('/api/webchat/token', (req: Request, res: Response, next: Next) => {
    if (!originAllowed(req)) {
      res.send(403, { error: 'origin not allowed', message: 'This site may not start chats; add it to WEBCHAT_ALLOWED_ORIGINS.' });
      return next();
    }
    if (!limiter.take(req.socket.remoteAddress ?? 'unknown')) {
      res.send(429, { error: 'too_many_requests', message: 'Too many new chats from this address; wait a minute.' });
      return next();
    }
    const body = tokenRequestSchema.safeParse(req.body ?? {});
    if (!body.success) {
      res.send(400, { error: 'invalid_request', message: 'locale must be a short language tag' });
      return next();
    }
    corsHeaders(req, res);
    const conversationId = randomUUID().replace(/-/g, '');
    const userId = `web_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const { token, expiresIn } = issueToken(secret, { conversationId, userId, locale: body.data.locale });
    res.setHeader('cache-control', 'no-store');
    res.send(200, { token, conversationId, userId, expires_in: expiresIn });
    return next();
  });
}
