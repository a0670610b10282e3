import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocket, WebSocketServer } from 'ws';
import type { TranscriptRepository } from '../../store/TranscriptRepository';
import type { Logger } from '../../util/logger';
import { describeError } from '../../util/logger';
import type { ConversationNotifier, FeedNotice } from './ConversationFeed';
import { DIRECTLINE_CHANNEL } from './DirectLineAdapter';
import { verifyToken } from './tokens';
import { isVisibleToClient } from './visibleActivities';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const KEEP_ALIVE_MS = 15_000;
const PAGE_SIZE = 500;

export interface StreamDeps {
  server: Server;
  secret: string;
  feed: ConversationNotifier;
  transcripts: TranscriptRepository;
  logger: Logger;
}

/**
 * The WebSocket `streamUrl`: pushes `{ activities, watermark }` from the client's watermark on, in order and
 * once each; empty messages keep the connection alive. A second socket for a conversation closes the first.
 */
export function attachStreams(deps: StreamDeps): { close(): void } {
  const { server, secret, feed, transcripts, logger } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const open = new Map<string, WebSocket>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return;
    const conversationId = decodeURIComponent(match[1]);
    const grant = verifyToken(secret, url.searchParams.get('t') ?? '');
    const watermark = Number(url.searchParams.get('watermark') ?? '0');
    if (!grant || grant.conversationId !== conversationId || !Number.isSafeInteger(watermark) || watermark < 0) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, conversationId, watermark));
  };

  const serve = (ws: WebSocket, conversationId: string, watermark: number) => {
    open.get(conversationId)?.close(1000, 'replaced by a newer connection');
    open.set(conversationId, ws);
    let lastSeq = watermark;
    let queue = Promise.resolve();

    /** Sends everything after the socket's watermark, page by page, so a long history arrives whole. */
    const pushLogged = async () => {
      for (;;) {
        const rows = await transcripts.list(DIRECTLINE_CHANNEL, conversationId, { afterSeq: lastSeq, limit: PAGE_SIZE });
        if (rows.length === 0 || ws.readyState !== WebSocket.OPEN) return;
        lastSeq = rows[rows.length - 1].seq;
        const activities = rows.map((r) => r.activity).filter(isVisibleToClient);
        if (activities.length > 0) ws.send(JSON.stringify({ activities, watermark: String(lastSeq) }));
        if (rows.length < PAGE_SIZE) return;
      }
    };
    const onNotice = (notice: FeedNotice) => {
      queue = queue
        .then(() => {
          if (notice.kind === 'logged') return pushLogged();
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ activities: [notice.activity] }));
          return undefined;
        })
        .catch((error: unknown) => logger.warn('direct line stream push failed', describeError(error)));
    };

    const unsubscribe = feed.subscribe(conversationId, onNotice);
    const keepAlive = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(''), KEEP_ALIVE_MS);
    onNotice({ kind: 'logged' });
    ws.on('message', () => undefined);
    ws.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      if (open.get(conversationId) === ws) open.delete(conversationId);
    });
  };

  server.server.on('upgrade', onUpgrade);
  return {
    close() {
      server.server.off('upgrade', onUpgrade);
      for (const ws of open.values()) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
