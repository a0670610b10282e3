import WebSocket from 'ws';

export type Transport = 'websocket' | 'polling';

export interface ReceivedActivity {
  id?: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
  channelData?: { camino?: { tags?: string[] } };
}

export interface DirectLineSession {
  conversationId: string;
  token: string;
  userId: string;
}

/** Something a client would see as a failed request: a non-2xx answer (recorded) or no answer at all (thrown). */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`${what} answered ${status}`);
  }
}

const POLL_MS = 200;

/**
 * One person in the website widget, speaking Direct Line 3.0 as botframework-directlinejs does: a token from the
 * secret (server side), a conversation, messages posted one at a time, activities over a WebSocket or by polling.
 */
export class DirectLineUser {
  /** Every activity the client was given, in arrival order (duplicates kept, to be counted). */
  readonly received: ReceivedActivity[] = [];
  /** Ids of the user's messages the service acknowledged with a 2xx. */
  readonly acknowledged: string[] = [];
  /** Milliseconds from each post to the first reply to it. */
  readonly turnLatencies: number[] = [];
  readonly statuses: number[] = [];
  private socket?: WebSocket;
  private watermark = '';
  private polling?: NodeJS.Timeout;
  private pollRunning?: Promise<void>;
  /** Set by stop(): a turn still waiting for its reply gives up at once. */
  private stopping = false;

  constructor(
    private readonly baseUrl: string,
    readonly transport: Transport,
    readonly locale: string,
    public session?: DirectLineSession,
  ) {}

  /** True once the service acknowledged the start of the conversation. */
  started = false;

  get conversationId(): string {
    return this.session?.conversationId ?? '';
  }

  /** Gets a token with the secret, starts the conversation and starts listening. */
  async start(secret: string, userId: string): Promise<void> {
    const grant = await this.request('POST', '/v3/directline/tokens/generate', { user: { id: userId }, locale: this.locale }, secret);
    const { conversationId, token } = grant as { conversationId: string; token: string };
    this.session = { conversationId, token, userId };
    await this.request('POST', '/v3/directline/conversations', { locale: this.locale });
    this.started = true;
    await this.listen();
  }

  /** Listens again on an existing conversation (after a restart of the service), from the last watermark. */
  async listen(): Promise<void> {
    this.stopping = false;
    if (this.transport === 'polling') {
      const poll = async () => {
        try {
          await this.pollOnce();
        } catch {
          // the service may be restarting: the next poll tries again
        }
        if (this.polling) this.polling = setTimeout(() => (this.pollRunning = poll()), POLL_MS);
      };
      this.polling = setTimeout(() => (this.pollRunning = poll()), 0);
      return;
    }
    const answer = (await this.request('GET', `/v3/directline/conversations/${this.conversationId}${this.watermark ? `?watermark=${this.watermark}` : ''}`)) as { streamUrl: string };
    const socket = new WebSocket(answer.streamUrl);
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (!text) return;
      const set = JSON.parse(text) as { activities: ReceivedActivity[]; watermark?: string };
      this.received.push(...set.activities);
      if (set.watermark) this.watermark = set.watermark;
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    this.socket = socket;
  }

  /** Posts one message and waits for the bot's first reply to it; resolves with the time that took. */
  async say(text: string, replyTimeoutMs = 30_000): Promise<string> {
    const started = Date.now();
    const { id } = (await this.request('POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      type: 'message',
      text,
      locale: this.locale,
      from: { id: this.session?.userId ?? '' },
      channelData: { clientActivityID: `c-${started}-${Math.random().toString(36).slice(2)}` },
    })) as { id: string };
    this.acknowledged.push(id);
    await this.waitFor(() => this.received.some((a) => a.replyToId === id && a.from.role === 'bot'), replyTimeoutMs, 'a reply');
    this.turnLatencies.push(Date.now() - started);
    return id;
  }

  /** The conversation's whole log as the service returns it now (from the first activity). */
  async history(): Promise<ReceivedActivity[]> {
    const set = (await this.request('GET', `/v3/directline/conversations/${this.conversationId}/activities?watermark=0`)) as { activities: ReceivedActivity[] };
    return set.activities;
  }

  /** The bot's messages that answer the given user message. */
  repliesTo(id: string): ReceivedActivity[] {
    return this.received.filter((a) => a.replyToId === id && a.type === 'message');
  }

  async waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const started = Date.now();
    while (!predicate()) {
      if (this.stopping) throw new Error('stopped while waiting');
      if (Date.now() - started > timeoutMs) throw new Error(`${this.transport} user ${this.session?.userId ?? ''}: no ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops listening (the socket closes, polling ends). */
  async stop(): Promise<void> {
    this.stopping = true;
    const timer = this.polling;
    this.polling = undefined;
    clearTimeout(timer);
    await this.pollRunning;
    this.socket?.removeAllListeners('message');
    this.socket?.terminate();
    this.socket = undefined;
  }

  private async pollOnce(): Promise<void> {
    const set = (await this.request('GET', `/v3/directline/conversations/${this.conversationId}/activities${this.watermark ? `?watermark=${this.watermark}` : ''}`)) as {
      activities: ReceivedActivity[];
      watermark: string;
    };
    this.received.push(...set.activities);
    this.watermark = set.watermark;
  }

  private async request(method: string, route: string, body?: unknown, bearer = this.session?.token ?? ''): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.statuses.push(response.status);
    const text = await response.text();
    if (response.status < 200 || response.status > 299) throw new HttpFailure(response.status, `${method} ${route.replace(/conversations\/[^/?]+/, 'conversations/{id}')}`);
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
