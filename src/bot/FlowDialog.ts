import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { type FlowEngine, initialFlowState } from '../flow/FlowEngine';
import type { FlowState, FlowTurn } from '../flow/types';
import { toActivity } from './toActivity';
import { getTurnInfo, type TurnInfo } from './turnInfo';

/** An event that opens a main-menu item by id (`value`), sent by channels that have a menu of their own. */
export const MENU_EVENT = 'camino/menu';

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

  constructor(private readonly engine: FlowEngine) {
    super(FlowDialog.ID);
  }

  override async beginDialog(dc: DialogContext, options?: FlowDialogOptions): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const turn = options?.greet
      ? this.engine.greet(info.locale, info.caps, options.text)
      : options?.text
        ? this.engine.handle(initialFlowState(), options.text, info.locale, info.caps)
        : this.engine.repeat(initialFlowState(), info.locale, info.caps);
    await this.deliver(dc.context, dc.activeDialog, turn, info);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const state = readState(dc.activeDialog);
    const { type, name, value } = dc.context.activity as { type: string; name?: string; value?: unknown };
    const turn =
      type === 'event' && name === MENU_EVENT && typeof value === 'string'
        ? this.engine.openMenuItem(state, value, info.locale, info.caps)
        : this.engine.handle(state, dc.context.activity.text ?? '', info.locale, info.caps);
    await this.deliver(dc.context, dc.activeDialog, turn, info);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const info = requireTurnInfo(context);
    await this.deliver(context, instance, this.engine.repeat(readState(instance), info.locale, info.caps), info);
  }

  private async deliver(context: TurnContext, instance: DialogInstance | undefined, turn: FlowTurn, info: TurnInfo): Promise<void> {
    if (instance) instance.state = { flow: turn.state } satisfies FlowDialogState;
    if (turn.localeChanged) await info.chooseLocale(turn.locale);
    await context.sendActivities(turn.messages.map((m) => toActivity(m, turn.locale, info.caps)));
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
