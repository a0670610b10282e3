import type { Middleware, TurnContext } from 'botbuilder';
import type { Metrics } from '../metrics/Metrics';
import { getTurnInfo } from './turnInfo';

/** Counts and times the turns people start (their messages and the page's events), and the handoffs they end in. */
export class TurnMetrics implements Middleware {
  constructor(private readonly metrics: Metrics) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, channelId } = context.activity;
    if (type !== 'message' && type !== 'event') return next();
    if (context.activity.name === 'ContinueConversation') return next();
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      for (const activity of activities) {
        if (activity.type === 'event' && activity.name === 'handoff.initiate') {
          const outcome = (activity.value as { outcome?: unknown } | undefined)?.outcome;
          this.metrics.handoff(typeof outcome === 'string' ? outcome : 'unknown');
        }
      }
      return sendNext();
    });
    const started = process.hrtime.bigint();
    let failed = true;
    try {
      await next();
      failed = false;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.turnDone(channelId ?? 'unknown', getTurnInfo(context)?.locale ?? 'unknown', seconds, failed);
    }
  }
}
