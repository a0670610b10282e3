import type { Middleware, TurnContext } from 'botbuilder';
import type { KeyedMutex } from '../util/KeyedMutex';

/** Runs `fn` while no other instance runs a turn under `name` (the database's advisory lock; a plain call on SQLite). */
export type CrossInstanceLock = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Lets one turn per conversation run at a time, so a burst of messages loses no state update: first in this
 * process (so waiting turns hold no database connection), then across instances sharing one PostgreSQL.
 */
export class TurnSerializer implements Middleware {
  constructor(
    private readonly mutex: KeyedMutex,
    private readonly lock: CrossInstanceLock = (_name, fn) => fn(),
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { channelId, conversation } = context.activity;
    const key = `${channelId}/${conversation?.id ?? ''}`;
    await this.mutex.run(key, () => this.lock(`camino:turn:${key}`, next));
  }
}
