import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogReason, type DialogTurnResult } from 'botbuilder-dialogs';
import { type FlowEngine, initialFlowState } from '../flow/FlowEngine';
import type { FlowState, FlowTurn } from '../flow/types';
import type { ScreeningResult } from './screening/ScreeningDialog';
import { toActivity } from './toActivity';
import { getTurnInfo, type TurnInfo } from './turnInfo';

/** An event that opens a main-menu item by id (`value`), sent by channels that have a menu of their own. */
export const MENU_EVENT = 'camino/menu';

/** The screening dialog's id (src/bot/screening/ScreeningDialog.ts), kept here so the two modules do not import each other. */
export const SCREENING_DIALOG_ID = 'camino.screening';

export interface FlowDialogOptions {
  greet?: boolean;
  text?: string;
}

interface FlowDialogState {
  flow: FlowState;
}

/**
 * Runs the guided conversation (a pure FlowEngine) as a botbuilder dialog, so its place is kept in
 * conversation state with the rest of the dialog stack. The id is stored in state: never rename it.
 */
export class FlowDialog extends Dialog<FlowDialogOptions> {
  static readonly ID = 'camino.flow';

  /** @param eraseData deletes the conversation's leads, transcript and state ("delete my data", confirmed). */
  constructor(
    private readonly engine: FlowEngine,
    private readonly eraseData: (context: TurnContext) => Promise<void>,
  ) {
    super(FlowDialog.ID);
  }

  override async beginDialog(dc: DialogContext, options?: FlowDialogOptions): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const turn = options?.greet
      ? this.engine.greet(info.locale, info.caps, options.text)
      : options?.text
        ? this.engine.handle(initialFlowState(), options.text, info.locale, info.caps)
        : this.engine.repeat(initialFlowState(), info.locale, info.caps);
    return this.proceed(dc, turn, info);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const state = readState(dc.activeDialog);
    const { type, name, value } = dc.context.activity as { type: string; name?: string; value?: unknown };
    const turn =
      type === 'event' && name === MENU_EVENT && typeof value === 'string'
        ? this.engine.openMenuItem(state, value, info.locale, info.caps)
        : this.engine.handle(state, dc.context.activity.text ?? '', info.locale, info.caps);
    return this.proceed(dc, turn, info);
  }

  /** The screening ended: back to the menu, to the delete question, or quietly to the office step it showed. */
  override async resumeDialog(dc: DialogContext, _reason: DialogReason, result?: ScreeningResult): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const state = readState(dc.activeDialog);
    const turn = result?.menuItem
      ? this.engine.openMenuItem(state, result.menuItem, info.locale, info.caps)
      : this.engine.afterScreening(state, result?.end ?? 'menu', info.locale, info.caps);
    return this.proceed(dc, turn, info);
  }

  private async proceed(dc: DialogContext, turn: FlowTurn, info: TurnInfo): Promise<DialogTurnResult> {
    if (turn.eraseData) await this.eraseData(dc.context);
    await this.deliver(dc.context, dc.activeDialog, turn, info);
    if (turn.startScreening) return dc.beginDialog(SCREENING_DIALOG_ID);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const info = requireTurnInfo(context);
    await this.deliver(context, instance, this.engine.repeat(readState(instance), info.locale, info.caps), info);
  }

  private async deliver(context: TurnContext, instance: DialogInstance | undefined, turn: FlowTurn, info: TurnInfo): Promise<void> {
    if (instance) instance.state = { flow: turn.state } satisfies FlowDialogState;
    if (turn.localeChanged) await info.chooseLocale(turn.locale);
    if (turn.messages.length > 0) await context.sendActivities(turn.messages.map((m) => toActivity(m, turn.locale, info.caps)));
  }
}

function readState(instance: DialogInstance | undefined): FlowState {
  const state = instance?.state as Partial<FlowDialogState> | undefined;
  return state?.flow ?? initialFlowState();
}

function requireTurnInfo(context: TurnContext): TurnInfo {
  const info = getTurnInfo(context);
  if (!info) throw new Error('FlowDialog needs the turn info set by CaminoBot');
  return info;
}
