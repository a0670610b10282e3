import pg from 'pg';
import { clientConfig, type PoolLimits } from './createPool';

type Handler = (payload: string) => void;

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * One connection that LISTENs on the channels asked for, and opens again after the server or network failed.
 * Notifications sent while it was down are lost, so `onReconnect` handlers are told to catch up from the data.
 */
export class PgListener {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly limits: PoolLimits,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Starts listening on `channel` (a plain identifier); resolves once LISTEN is in place, or the first try failed. */
  async listen(channel: string, handler: Handler): Promise<() => void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const set = this.handlers.get(channel) ?? new Set();
    const isNew = set.size === 0;
    set.add(handler);
    this.handlers.set(channel, set);
    await this.ensureConnected();
    if (isNew && this.client) await this.client.query(`listen ${channel}`).catch((error: Error) => this.onError(error));
    return () => {
      set.delete(handler);
    };
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(clientConfig(this.url, this.limits, { statement_timeout: 0, query_timeout: undefined }));
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the LISTEN connection ended')));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`listen ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.onError(error instanceof Error ? error : new Error(String(error)));
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    const wasRetry = this.retryMs > RETRY_MIN_MS;
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    if (wasRetry) for (const handler of this.reconnectHandlers) handler();
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.closed) return;
    this.onError(error);
    client.end().catch(() => undefined);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.ensureConnected();
    }, delay).unref();
  }
}
