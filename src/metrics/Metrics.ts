import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Pool figures a database engine can report; SQLite has one connection, PostgreSQL a pool. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export type WechatReplyMode = 'passive' | 'customer_service';

/** How a send to a channel's API ended: ok, or why not (`token` is an expired or revoked access token). */
export type ChannelSendResult = 'ok' | 'outsideWindow' | 'rateLimited' | 'token' | 'undeliverable' | 'failed' | 'noAnswer';

/**
 * What the service counts, for Prometheus. Labels carry channels, languages, outcomes and routes only: never
 * message text, names, numbers or ids of people, so the label sets stay small and nothing personal leaves.
 * Each app has its own registry, so several apps in one process (tests) do not share figures.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly turns = new Counter({ name: 'camino_turns_total', help: 'Turns run, by channel and language.', labelNames: ['channel', 'locale'], registers: [this.registry] });
  private readonly turnSeconds = new Histogram({
    name: 'camino_turn_duration_seconds',
    help: 'Time from a message arriving to the end of its turn.',
    labelNames: ['channel'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly turnErrors = new Counter({ name: 'camino_turn_errors_total', help: 'Turns that failed and got the apology.', labelNames: ['channel'], registers: [this.registry] });
  private readonly handoffs = new Counter({ name: 'camino_handoffs_total', help: 'Leads handed to the office, by outcome.', labelNames: ['outcome'], registers: [this.registry] });
  private readonly httpRequests = new Counter({ name: 'camino_http_requests_total', help: 'HTTP answers by route and status class.', labelNames: ['route', 'status'], registers: [this.registry] });
  private readonly wechatReplies = new Counter({
    name: 'camino_wechat_replies_total',
    help: 'WeChat replies by path (passive answer or customer-service API) and result.',
    labelNames: ['mode', 'result'],
    registers: [this.registry],
  });
  private readonly channelSends = new Counter({
    name: 'camino_channel_sends_total',
    help: 'Messages sent to a channel API (WhatsApp), by channel and result: ok, outsideWindow, rateLimited, token (expired or revoked), undeliverable, failed, noAnswer.',
    labelNames: ['channel', 'result'],
    registers: [this.registry],
  });
  private readonly llmCalls = new Counter({
    name: 'camino_llm_calls_total',
    help: 'Language model calls by feature (answer, translate, summary) and result (ok, or why not).',
    labelNames: ['kind', 'result'],
    registers: [this.registry],
  });
  private readonly llmSeconds = new Histogram({
    name: 'camino_llm_duration_seconds',
    help: 'Language model call latency.',
    buckets: [0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  private readonly llmTokens = new Counter({ name: 'camino_llm_tokens_total', help: 'Language model tokens, by kind.', labelNames: ['kind'], registers: [this.registry] });

  /** @param channels the registered channel ids: their turn counters start at zero, so dashboards see every channel. */
  constructor(pool?: () => PoolStats | undefined, channels: readonly string[] = []) {
    collectDefaultMetrics({ register: this.registry, prefix: 'camino_' });
    for (const channel of channels) {
      this.turnSeconds.zero({ channel });
      this.turnErrors.inc({ channel }, 0);
    }
    if (pool) {
      new Gauge({
        name: 'camino_db_pool_connections',
        help: 'Database connections by state (total, idle, waiting requests).',
        labelNames: ['state'],
        registers: [this.registry],
        collect() {
          const stats = pool();
          if (!stats) return;
          this.set({ state: 'total' }, stats.total);
          this.set({ state: 'idle' }, stats.idle);
          this.set({ state: 'waiting' }, stats.waiting);
        },
      });
    }
  }

  turnDone(channel: string, locale: string, seconds: number, failed: boolean): void {
    this.turns.inc({ channel, locale });
    this.turnSeconds.observe({ channel }, seconds);
    if (failed) this.turnErrors.inc({ channel });
  }

  handoff(outcome: string): void {
    this.handoffs.inc({ outcome });
  }

  httpAnswered(route: string, status: number): void {
    this.httpRequests.inc({ route, status: `${Math.floor(status / 100)}xx` });
  }

  wechatReply(mode: WechatReplyMode, ok: boolean): void {
    this.wechatReplies.inc({ mode, result: ok ? 'ok' : 'failed' });
  }

  channelSend(channel: string, result: ChannelSendResult): void {
    this.channelSends.inc({ channel, result });
  }

  llmCall(kind: string, result: string, seconds: number, tokens?: { prompt: number; completion: number }): void {
    this.llmCalls.inc({ kind, result });
    if (seconds > 0) this.llmSeconds.observe(seconds);
    if (tokens) {
      this.llmTokens.inc({ kind: 'prompt' }, tokens.prompt);
      this.llmTokens.inc({ kind: 'completion' }, tokens.completion);
    }
  }

  /** The text exposition format, for GET /metrics. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
