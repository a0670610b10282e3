import type { Middleware, TurnContext } from 'botbuilder';
import type { Metrics } from '../metrics/Metrics';
import type { Tracing } from '../telemetry/Tracing';
import { conversationRef } from '../util/correlation';
import { runWithLogContext } from '../util/logContext';
import type { Logger } from '../util/logger';
import { getTurnInfo } from './turnInfo';

/**
 * Counts, times and (when tracing is on) traces the turns people start (their messages and the page's events),
 * and counts the handoffs they end in. Nothing personal goes out: channel, language and a hashed conversation.
 */
export class TurnMetrics implements Middleware {
  constructor(
    private readonly metrics: Metrics,
    private readonly tracing?: Tracing,
    private readonly logger?: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, channelId, conversation } = context.activity;
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
    const channel = channelId ?? 'unknown';
    const conversationHash = conversationRef(channelId, conversation?.id);
    const run = async (): Promise<void> => {
      const started = process.hrtime.bigint();
      let failed = true;
      try {
        await next();
        failed = false;
      } finally {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const locale = getTurnInfo(context)?.locale ?? 'unknown';
        this.metrics.turnDone(channel, locale, seconds, failed);
        this.logger?.debug('turn done', { channel, locale, ms: Math.round(seconds * 1000), failed });
      }
    };
    await runWithLogContext({ conversation: conversationHash }, async () => {
      if (!this.tracing) return run();
      const attributes = { 'camino.channel': channel, 'camino.activity_type': type, 'camino.conversation': conversationHash };
      await this.tracing.span('camino.turn', attributes, async (span) => {
        await run();
        span.setAttribute('camino.locale', getTurnInfo(context)?.locale ?? 'unknown');
      });
    });
  }
}
