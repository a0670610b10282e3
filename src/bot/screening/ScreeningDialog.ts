import { randomUUID } from 'node:crypto';
import { type Activity, EventFactory, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ScreeningEngine } from '../../screening/ScreeningEngine';
import type { LeadDraft, ScreeningEffect, ScreeningEnd, ScreeningState, ScreeningTurn } from '../../screening/types';
import { MENU_EVENT, SCREENING_DIALOG_ID } from '../FlowDialog';
import { toActivity } from '../toActivity';
import { getTurnInfo, type TurnInfo } from '../turnInfo';
import type { ScreeningServices } from './ScreeningServices';

/** What the screening hands back to the guided flow when it ends. */
export interface ScreeningResult {
  end: ScreeningEnd;
  /** A channel menu button pressed during the screening (WeChat): the flow opens it. */
  menuItem?: string;
}

interface ScreeningDialogState {
  screening: ScreeningState;
}

/**
 * Runs the pure ScreeningEngine as a botbuilder dialog on top of the guided flow, stores what it produces
 * (the lead, contact details) and emits `handoff.initiate`. The id is stored in state: never rename it.
 */
export class ScreeningDialog extends Dialog {
  static readonly ID = SCREENING_DIALOG_ID;

  constructor(
    private readonly engine: ScreeningEngine,
    private readonly services: ScreeningServices,
  ) {
    super(ScreeningDialog.ID);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const turn = this.engine.start(randomUUID(), dc.context.activity.channelId, info.locale, info.caps);
    return this.deliver(dc, turn, info);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const { type, name, value } = dc.context.activity as { type: string; name?: string; value?: unknown };
    if (type === 'event' && name === MENU_EVENT && typeof value === 'string') {
      return dc.endDialog({ end: 'menu', menuItem: value } satisfies ScreeningResult);
    }
    const turn = this.engine.handle(readState(dc.activeDialog), dc.context.activity.text ?? '', info.locale, info.caps);
    return this.deliver(dc, turn, info);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const info = requireTurnInfo(context);
    const turn = this.engine.repeat(readState(instance), info.locale, info.caps);
    instance.state = { screening: turn.state } satisfies ScreeningDialogState;
    await context.sendActivities(turn.messages.map((m) => toActivity(m, turn.locale, info.caps)));
  }

  private async deliver(dc: DialogContext, turn: ScreeningTurn, info: TurnInfo): Promise<DialogTurnResult> {
    const context = dc.context;
    if (dc.activeDialog) dc.activeDialog.state = { screening: turn.state } satisfies ScreeningDialogState;
    if (turn.localeChanged) await info.chooseLocale(turn.locale);
    const stored = await this.applyEffects(context, turn.effects);
    if (turn.messages.length > 0) await context.sendActivities(turn.messages.map((m) => toActivity(m, turn.locale, info.caps)));
    if (stored) await this.initiateHandoff(context, stored);
    if (turn.end) return dc.endDialog({ end: turn.end } satisfies ScreeningResult);
    return Dialog.EndOfTurn;
  }

  /** Writes the lead (and its notifications) before the person sees the office, so a dropped connection loses nothing. */
  private async applyEffects(context: TurnContext, effects: ScreeningEffect[]): Promise<LeadDraft | undefined> {
    const { channelId, conversation } = context.activity;
    let stored: LeadDraft | undefined;
    for (const effect of effects) {
      if (effect.kind === 'storeLead') {
        await this.services.leads.create({ ...effect.lead, channelId, conversationId: conversation.id });
        const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<string, unknown>;
        await this.services.handoffs.begin({ channelId, conversationId: conversation.id }, effect.lead.id, reference);
        stored = effect.lead;
      } else {
        await this.services.leads.update(effect.leadId, effect.patch);
      }
    }
    if (effects.length > 0) this.services.notify();
    return stored;
  }

  /** Tells channels with live agents that this person wants one, with the transcript so far and the staff summary. */
  private async initiateHandoff(context: TurnContext, lead: LeadDraft): Promise<void> {
    const logged = await this.services.transcripts.list(context.activity.channelId, context.activity.conversation.id);
    const activities = logged.map((entry) => entry.activity as Partial<Activity> as Activity);
    const event = EventFactory.createHandoffInitiation(
      context,
      { leadId: lead.id, outcome: lead.outcome, urgent: lead.outcome === 'urgent', reasons: lead.reasons, officeId: lead.officeId, summary: lead.summary },
      { activities },
    );
    event.channelData = { camino: { tags: ['handoff.initiate'] } };
    await context.sendActivity(event);
  }
}

function readState(instance: DialogInstance | undefined): ScreeningState {
  const state = instance?.state as Partial<ScreeningDialogState> | undefined;
  if (!state?.screening) throw new Error('the screening dialog lost its state');
  return state.screening;
}

function requireTurnInfo(context: TurnContext): TurnInfo {
  const info = getTurnInfo(context);
  if (!info) throw new Error('ScreeningDialog needs the turn info set by CaminoBot');
  return info;
}
