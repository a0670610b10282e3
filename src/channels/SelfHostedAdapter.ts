import { ActivityTypes, BotAdapter, type ConversationReference, type ResourceResponse, TurnContext } from 'botbuilder';

/**
 * What the channels Camino serves itself share: proactive turns run through the same middleware as any
 * other turn, and messages once sent are final (neither WeChat nor our Direct Line log edits history).
 */
export abstract class SelfHostedAdapter extends BotAdapter {
  constructor(private readonly channelName: string) {
    super();
  }

  updateActivity(): Promise<ResourceResponse | void> {
    return Promise.reject(new Error(`${this.channelName} messages cannot be updated`));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error(`${this.channelName} messages cannot be deleted`));
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
