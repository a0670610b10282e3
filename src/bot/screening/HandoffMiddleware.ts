import type { Middleware, TurnContext } from 'botbuilder';
import type { HandoffStore } from '../../handoff/HandoffStore';

/**
 * While a staff member talks with the person, their messages are logged (the transcript recorder runs first)
 * but the bot does not answer. Writing "menu" ends the live chat and the bot takes over again.
 */
export class HandoffMiddleware implements Middleware {
  constructor(
    private readonly handoffs: HandoffStore,
    private readonly isResumeCommand: (text: string) => boolean,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, channelId, conversation, text } = context.activity;
    if (type !== 'message' || !conversation) return next();
    const key = { channelId, conversationId: conversation.id };
    if (!(await this.handoffs.isStaffActive(key))) return next();
    if (!this.isResumeCommand(text ?? '')) return;
    await this.handoffs.setState(key, 'ended', 'userEnded');
    return next();
  }
}
