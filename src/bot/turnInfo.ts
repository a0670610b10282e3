import type { TurnContext } from 'botbuilder';
import type { Locale } from '../content/cardSchema';
import type { Capabilities } from '../flow/types';

/** What the bot worked out about this turn before any dialog runs. */
export interface TurnInfo {
  locale: Locale;
  caps: Capabilities;
  /** Remembers the person's language choice (user state) and stamps it on the activity. */
  chooseLocale(locale: Locale): Promise<void>;
}

const TURN_INFO = Symbol('camino.turnInfo');

export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(TURN_INFO, info);
}

export function getTurnInfo(context: TurnContext): TurnInfo | undefined {
  return context.turnState.get<TurnInfo | undefined>(TURN_INFO);
}
