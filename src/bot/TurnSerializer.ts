import type { Middleware, TurnContext } from 'botbuilder';
import type { KeyedMutex } from '../util/KeyedMutex';

/** Lets one turn per conversation run at a time, so a burst of messages loses no state update. */
export class TurnSerializer implements Middleware {
  constructor(private readonly mutex: KeyedMutex) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { channelId, conversation } = context.activity;
    await this.mutex.run(`${channelId}/${conversation?.id ?? ''}`, next);
  }
}
