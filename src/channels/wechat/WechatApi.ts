import { z } from 'zod';
import type { Logger } from '../../util/logger';

/** access_token errors after which one refresh and one retry are allowed. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const REFRESH_AHEAD_S = 300;
const REQUEST_TIMEOUT_MS = 5000;

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const resultSchema = z.object({ errcode: z.number().int().optional(), errmsg: z.string().optional() }).loose();

export type SendResult = { ok: true } | { ok: false; code: number };

export interface WechatApiConfig {
  appId: string;
  appSecret: string;
  baseUrl: string;
  /** How long to wait for WeChat's answer (default 5 s). */
  timeoutMs?: number;
}

/**
 * The two WeChat API calls Camino makes: the stable access_token (one cached token per AppID, refreshed ahead
 * of expiry, fetched once however many sends wait for it) and the customer-service text message.
 */
export class WechatApi {
  private token?: { value: string; expiresAt: number };
  private fetching?: Promise<string>;

  constructor(
    private readonly config: WechatApiConfig,
    private readonly logger: Logger,
  ) {}

  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.fetching ??= this.fetchToken(forceRefresh).finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const response = await fetch(`${this.config.baseUrl}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: this.config.appId, secret: this.config.appSecret, force_refresh: forceRefresh }),
      signal: AbortSignal.timeout(this.config.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    const parsed = tokenSchema.safeParse(await response.json());
    if (!parsed.success) throw new Error(`WeChat did not issue an access_token (HTTP ${response.status})`);
    this.token = { value: parsed.data.access_token, expiresAt: Date.now() + (parsed.data.expires_in - REFRESH_AHEAD_S) * 1000 };
    return parsed.data.access_token;
  }

  /**
   * Sends one customer-service text. A token error refreshes the token and retries once; a timeout is not
   * retried, since WeChat may have delivered the message already.
   */
  async sendText(openId: string, content: string): Promise<SendResult> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const token = await this.accessToken(attempt > 0);
      const response = await fetch(`${this.config.baseUrl}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: openId, msgtype: 'text', text: { content } }),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
      const result = resultSchema.safeParse(await response.json().catch(() => ({})));
      // An HTTP error (a gateway's 502 has no errcode) is a failed send, never a delivered one.
      const code = response.ok && result.success ? (result.data.errcode ?? 0) : -1;
      if (code === 0) return { ok: true };
      if (TOKEN_ERRORS.has(code) && attempt === 0) continue;
      this.logger.warn('wechat customer-service send refused', { errcode: code, status: response.status });
      return { ok: false, code };
    }
    return { ok: false, code: -1 };
  }
}
