import { ActivityHandler } from 'botbuilder';

/** The smallest botbuilder bot: says back what it got. The benchmark's baseline for the cost of Camino's own logic. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}
