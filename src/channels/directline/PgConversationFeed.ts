import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../store/openDatabase';
import type { PgListener } from '../../store/postgres/PgListener';
import { describeError, type Logger } from '../../util/logger';
import { ConversationFeed, type ConversationNotifier, type FeedNotice } from './ConversationFeed';

const CHANNEL = 'camino_directline';
/** PostgreSQL refuses NOTIFY payloads from 8000 bytes on; a bigger ephemeral activity is not worth sending. */
const MAX_PAYLOAD = 7900;

interface Wire {
  /** The instance that published, which has told its own listeners already. */
  from: string;
  conversationId: string;
  notice: FeedNotice;
}

/**
 * The feed across instances: a notice published on one instance reaches the sockets held by every instance,
 * through PostgreSQL NOTIFY. Listeners read the shared log from their own watermark, so notices only wake them:
 * order and exactly-once come from the log, and after the LISTEN connection was lost every listener catches up.
 */
export class PgConversationFeed implements ConversationNotifier {
  private readonly local = new ConversationFeed();
  private readonly instance = randomUUID();

  constructor(
    private readonly database: Database,
    private readonly listener: PgListener,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.listener.onReconnect(() => {
      for (const conversationId of this.local.conversationIds()) this.local.publish(conversationId);
    });
    await this.listener.listen(CHANNEL, (payload) => this.receive(payload));
  }

  subscribe(conversationId: string, listener: (notice: FeedNotice) => void): () => void {
    return this.local.subscribe(conversationId, listener);
  }

  publish(conversationId: string, notice: FeedNotice = { kind: 'logged' }): void {
    this.local.publish(conversationId, notice);
    const payload = JSON.stringify({ from: this.instance, conversationId, notice } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) return;
    sql`select pg_notify(${CHANNEL}, ${payload})`.execute(this.database.db).catch((error: unknown) => {
      this.logger.warn('direct line notice to other instances failed', describeError(error));
    });
  }

  private receive(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (wire.from === this.instance || typeof wire.conversationId !== 'string') return;
    this.local.publish(wire.conversationId, wire.notice?.kind === 'ephemeral' ? wire.notice : { kind: 'logged' });
  }
}
