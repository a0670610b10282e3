/** A Direct Line 3.0 client over plain HTTP polling, as a website visitor's browser would talk to Camino. */

export interface DirectLineActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
}

interface ActivitySet {
  activities: DirectLineActivity[];
  watermark?: string;
}

async function call<T>(url: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DirectLineHttpClient {
  private watermark = 0;
  /** Every activity seen so far, in the order the service logged them. */
  readonly seen: DirectLineActivity[] = [];

  private constructor(
    private readonly baseUrl: string,
    readonly conversationId: string,
    readonly userId: string,
    /** The visitor's Direct Line token (also opens the WebSocket stream). */
    readonly token: string,
  ) {}

  /** Gets a visitor token from the page's token route and starts the conversation on `startUrl` (another instance may serve the rest). */
  static async start(startUrl: string, locale = 'en-US'): Promise<DirectLineHttpClient> {
    const session = await call<{ token: string; conversationId: string; userId: string }>(`${startUrl}/api/webchat/token`, { method: 'POST', body: JSON.stringify({ locale }) });
    await call(`${startUrl}/v3/directline/conversations`, { method: 'POST', body: '{}', token: session.token });
    return new DirectLineHttpClient(startUrl, session.conversationId, session.userId, session.token);
  }

  /** As `start`, with a token from `tokens/generate` and the Direct Line secret, as a site's server would get it (no per-address limit). */
  static async startWithSecret(baseUrl: string, secret: string, userId: string): Promise<DirectLineHttpClient> {
    const grant = await call<{ token: string; conversationId: string }>(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST', body: JSON.stringify({ user: { id: userId } }), token: secret });
    await call(`${baseUrl}/v3/directline/conversations`, { method: 'POST', body: '{}', token: grant.token });
    return new DirectLineHttpClient(baseUrl, grant.conversationId, userId, grant.token);
  }

  /** The same conversation, talking to another instance. */
  via(baseUrl: string): DirectLineHttpClient {
    const other = new DirectLineHttpClient(baseUrl, this.conversationId, this.userId, this.token);
    other.watermark = this.watermark;
    other.seen.push(...this.seen);
    return other;
  }

  /** Posts a message; resolves with the id the service gave it. */
  async send(text: string, baseUrl = this.baseUrl): Promise<string> {
    const body = JSON.stringify({ type: 'message', text, from: { id: this.userId } });
    const { id } = await call<{ id: string }>(`${baseUrl}/v3/directline/conversations/${this.conversationId}/activities`, { method: 'POST', body, token: this.token });
    return id;
  }

  /** Reads what was logged since the last poll. */
  async poll(baseUrl = this.baseUrl): Promise<DirectLineActivity[]> {
    const set = await call<ActivitySet>(`${baseUrl}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`, { token: this.token });
    if (set.watermark) this.watermark = Number(set.watermark);
    this.seen.push(...set.activities);
    return set.activities;
  }

  /** The conversation's whole history as the service returns it now, from the first activity. */
  async history(baseUrl = this.baseUrl): Promise<DirectLineActivity[]> {
    const set = await call<ActivitySet>(`${baseUrl}/v3/directline/conversations/${this.conversationId}/activities?watermark=0`, { token: this.token });
    return set.activities;
  }

  /** Polls until the bot answered the activity `id` (its first reply); gives up after `timeoutMs`. */
  async waitForReplyTo(id: string, timeoutMs = 15_000, pollMs = 10): Promise<DirectLineActivity> {
    const started = Date.now();
    for (;;) {
      const found = this.seen.find((a) => a.replyToId === id && a.from.role === 'bot');
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no reply to ${id} within ${timeoutMs} ms`);
      await this.poll();
      if (!this.seen.some((a) => a.replyToId === id)) await sleep(pollMs);
    }
  }

  /** Polls until nothing new was logged for `quietMs`. */
  async settle(quietMs = 500, timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    let lastChange = Date.now();
    while (Date.now() - lastChange < quietMs) {
      if (Date.now() - started > timeoutMs) throw new Error('the conversation did not settle');
      if ((await this.poll()).length > 0) lastChange = Date.now();
      await sleep(50);
    }
  }

  /** Sends and waits until the bot has answered; resolves with the first reply. */
  async ask(text: string): Promise<DirectLineActivity> {
    return this.waitForReplyTo(await this.send(text));
  }
}
