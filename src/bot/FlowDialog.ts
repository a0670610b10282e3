import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogReason, type DialogTurnResult } from 'botbuilder-dialogs';
import { type FlowEngine, initialFlowState } from '../flow/FlowEngine';
import type { FlowState, FlowTurn } from '../flow/types';
import type { ContextTurn } from '../llm';
import type { GroundedAnswers } from './GroundedAnswers';
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

type Memory = Required<Pick<FlowDialogState, 'history' | 'cards'>>;

interface FlowDialogState {
  flow: FlowState;
  /** The free-text questions and answers so far (no contact details or screening answers), for follow-ups. */
  history?: ContextTurn[];
  /** The cards the last free-text answer rested on. */
  cards?: string[];
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
    private readonly grounded?: GroundedAnswers,
  ) {
    super(FlowDialog.ID);
  }

  override async beginDialog(dc: DialogContext, options?: FlowDialogOptions): Promise<DialogTurnResult> {
    const info = requireTurnInfo(dc.context);
    const text = options?.text ?? '';
    if (this.grounded && this.engine.isQuestion(initialFlowState(), text, { sentencesAreQuestions: true })) {
      const answered = await this.answerQuestion(dc, initialFlowState(), text, info, options?.greet === true);
      return this.proceed(dc, options?.greet ? this.engine.withIntro(answered.turn) : answered.turn, info, answered.memory);
    }
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
    const text = dc.context.activity.text ?? '';
    if (type === 'message' && this.grounded && this.engine.isQuestion(state, text, { sentencesAreQuestions: true })) {
      const answered = await this.answerQuestion(dc, state, text, info);
      return this.proceed(dc, answered.turn, info, answered.memory);
    }
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

  /** The language model's answer (or the retriever's, when it fails); the context for follow-ups is kept. */
  private async answerQuestion(dc: DialogContext, state: FlowState, text: string, info: TurnInfo, firstTurn = false): Promise<{ turn: FlowTurn; memory: Memory }> {
    const saved = dc.activeDialog?.state as Partial<FlowDialogState> | undefined;
    const memory = { history: saved?.history ?? [], cards: saved?.cards ?? [] };
    const result = await (this.grounded as GroundedAnswers).answer(dc.context, { state, text, firstTurn }, info, memory);
    return { turn: result.turn, memory: { history: result.history, cards: result.cards } };
  }

  private async proceed(dc: DialogContext, turn: FlowTurn, info: TurnInfo, memory?: Memory): Promise<DialogTurnResult> {
    if (turn.eraseData) await this.eraseData(dc.context);
    await this.deliver(dc.context, dc.activeDialog, turn, info, turn.eraseData ? undefined : memory);
    if (turn.startScreening) return dc.beginDialog(SCREENING_DIALOG_ID);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const info = requireTurnInfo(context);
    await this.deliver(context, instance, this.engine.repeat(readState(instance), info.locale, info.caps), info);
  }

  private async deliver(context: TurnContext, instance: DialogInstance | undefined, turn: FlowTurn, info: TurnInfo, memory?: Memory): Promise<void> {
    if (instance) {
      const previous = instance.state as Partial<FlowDialogState> | undefined;
      const kept = memory ?? (turn.eraseData ? undefined : { history: previous?.history, cards: previous?.cards });
      instance.state = { flow: turn.state, ...(kept?.history ? kept : {}) } satisfies FlowDialogState;
    }
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
