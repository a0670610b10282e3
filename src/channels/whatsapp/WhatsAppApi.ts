import { z } from 'zod';
import type { Metrics } from '../../metrics/Metrics';
import { describeError, type Logger } from '../../util/logger';
import type { KeptMessage } from './WhatsAppStore';
import { WHATSAPP_CHANNEL } from './whatsappChannel';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * What a refused send means for the message, from Meta's error codes (Cloud API error codes reference):
 * - outsideWindow: 131047, more than 24 hours since the person's last message (only a template may go out);
 * - rateLimited: 4 and 80007 (app and account call limits), 130429 (throughput), 131056 (too many to one person),
 *   131048 (spam rate limit), 2 and 131016 (service temporarily unavailable): nothing was sent, try again later;
 * - token: 0 and 190 (the access token expired or was revoked), or HTTP 401;
 * - undeliverable: 131026 (not on WhatsApp, or cannot receive), 131049 (held back by Meta), 130497 (country), 131021;
 * - failed: anything else, including an HTTP error without a Graph error in its body;
 * - noAnswer: no HTTP answer in time, or none at all: the message may have arrived.
 */
export type SendFailure = 'outsideWindow' | 'rateLimited' | 'token' | 'undeliverable' | 'failed' | 'noAnswer';
export type SendOutcome = { ok: true; wamid: string } | { ok: false; failure: SendFailure; code: number };

const FAILURES: ReadonlyArray<[SendFailure, readonly number[]]> = [
  ['outsideWindow', [131047]],
  ['rateLimited', [2, 4, 80007, 130429, 131016, 131048, 131056]],
  ['token', [0, 190]],
  ['undeliverable', [130497, 131021, 131026, 131049]],
];

/** A fetch that threw: a timeout (TimeoutError), or the connection's own code (ECONNRESET...); never the payload. */
function whyNoAnswer(error: unknown): Record<string, string> {
  const field = (value: unknown, key: string): string | undefined => {
    const found: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
    return typeof found === 'string' ? found : undefined;
  };
  const cause: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'cause') : undefined;
  return { error: field(error, 'name') ?? typeof error, reason: field(cause, 'code') ?? field(error, 'message')?.slice(0, 120) ?? '' };
}

export function classifyError(code: number, httpStatus: number): SendFailure {
  const known = FAILURES.find(([, codes]) => codes.includes(code))?.[0];
  if (known) return known;
  return httpStatus === 401 ? 'token' : 'failed';
}

const sentSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) }).loose()).min(1) }).loose();
const errorSchema = z.object({ error: z.object({ code: z.number().int() }).loose() }).loose();

export interface WhatsAppApiConfig {
  /** `https://graph.facebook.com/v25.0`, or a local fake in tests. */
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs?: number;
}

/** The Graph API calls Camino makes: send a message, mark a message read (with or without the typing indicator). */
export class WhatsAppApi {
  constructor(
    private readonly config: WhatsAppApiConfig,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {}

  private post(body: object): Promise<Response> {
    return fetch(`${this.config.baseUrl}/${encodeURIComponent(this.config.phoneNumberId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.config.accessToken}` },
      body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
      signal: AbortSignal.timeout(this.config.timeoutMs ?? REQUEST_TIMEOUT_MS),
      redirect: 'error',
    });
  }

  /** Sends one message to a number; never throws. The caller decides what a failure means for the rest. */
  async send(to: string, message: KeptMessage): Promise<SendOutcome> {
    let response: Response;
    let body: unknown;
    try {
      response = await this.post({ recipient_type: 'individual', to, ...message });
      body = await response.json().catch(() => undefined);
    } catch (error) {
      this.logger.warn('whatsapp send got no answer; not retried', whyNoAnswer(error));
      this.metrics?.channelSend(WHATSAPP_CHANNEL, 'noAnswer');
      return { ok: false, failure: 'noAnswer', code: -2 };
    }
    const sent = sentSchema.safeParse(body);
    if (response.ok && sent.success) {
      this.metrics?.channelSend(WHATSAPP_CHANNEL, 'ok');
      return { ok: true, wamid: sent.data.messages[0]?.id ?? '' };
    }
    const parsed = errorSchema.safeParse(body);
    const code = parsed.success ? parsed.data.error.code : -1;
    const failure = classifyError(code, response.status);
    this.metrics?.channelSend(WHATSAPP_CHANNEL, failure);
    if (failure === 'token') {
      this.logger.error('WhatsApp refused the access token (expired or revoked): set a new permanent WHATSAPP_ACCESS_TOKEN and restart; messages are kept until then', { code, status: response.status });
    } else {
      this.logger.warn('whatsapp send refused', { code, status: response.status, failure });
    }
    return { ok: false, failure, code };
  }

  /** Marks the person's message read (blue ticks); with `typing`, also shows "typing…" until the next reply or 25 s. */
  async markRead(wamid: string, typing: boolean): Promise<void> {
    try {
      const response = await this.post({ status: 'read', message_id: wamid, ...(typing ? { typing_indicator: { type: 'text' } } : {}) });
      await response.body?.cancel();
      if (!response.ok) this.logger.debug('whatsapp read receipt refused', { status: response.status, typing });
    } catch (error) {
      this.logger.debug('whatsapp read receipt got no answer', describeError(error));
    }
  }
}
