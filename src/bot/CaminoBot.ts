import {
  ActivityHandler,
  type BotState,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import { type DialogContext, DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { isLocale, type Locale } from '../content/cardSchema';
import type { FlowEngine } from '../flow/FlowEngine';
import type { Translator } from '../i18n/createTranslator';
import { chooseLocale } from '../flow/chooseLocale';
import type { ChannelDirectory } from './ChannelDirectory';
import { mediaKindOf } from './mediaKind';
import type { GroundedAnswers } from './GroundedAnswers';
import { FlowDialog, MENU_EVENT } from './FlowDialog';
import { ScreeningDialog } from './screening/ScreeningDialog';
import type { ScreeningServices } from './screening/ScreeningServices';
import type { ScreeningEngine } from '../screening/ScreeningEngine';
import { localeTag } from './toActivity';
import { getTurnInfo, setTurnInfo } from './turnInfo';

/** An event a web page sends when the person picks a language in its own header: `value` is en, es or zh. */
export const LOCALE_EVENT = 'camino/locale';

interface UserProfile {
  /** The language the person chose explicitly; wins over every other signal. */
  locale?: Locale;
}

interface ConversationInfo {
  greeted?: boolean;
  /** The language of the first message whose language could be told. */
  detectedLocale?: Locale;
}

/** The one bot behind every channel: works out the language, greets once, and runs the guided flow. */
export class CaminoBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly conversation: StatePropertyAccessor<ConversationInfo>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    engine: FlowEngine,
    private readonly texts: Translator,
    private readonly channels: ChannelDirectory,
    screening: { engine: ScreeningEngine; services: ScreeningServices },
    grounded?: GroundedAnswers,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.profile = userState.createProperty<UserProfile>('profile');
    this.conversation = conversationState.createProperty<ConversationInfo>('conversation');
    const services = screening.services;
    this.dialogs = new DialogSet(this.dialogState)
      .add(new FlowDialog(engine, (context) => this.eraseData(context, services), grounded))
      .add(new ScreeningDialog(screening.engine, services));

    this.onMessage(async (context, next) => {
      await this.runFlow(context, context.activity.text ?? '');
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const people = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (people.length > 0) await this.greetOnce(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      const name = context.activity.name;
      const value: unknown = context.activity.value;
      if (name === 'webchat/join') await this.greetOnce(context);
      if (name === LOCALE_EVENT && typeof value === 'string' && isLocale(value)) await this.switchLocale(context, value);
      if (name === MENU_EVENT && typeof value === 'string') await this.runFlow(context, '');
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await saveAll(context, this.conversationState, this.userState);
  }

  /**
   * "Delete my data", confirmed: the conversation's leads (with their pending notifications and handoff), its
   * transcript and its state, and the person's saved language. What the bot says next starts a new log.
   */
  private async eraseData(context: TurnContext, services: ScreeningServices): Promise<void> {
    const { channelId, conversation } = context.activity;
    const stateKeys = [this.conversationState.getStorageKey(context), this.userState.getStorageKey(context)].filter((k): k is string => k !== undefined);
    await services.erase({ channelId, conversationId: conversation.id, stateKeys });
    // Forget the cached copies too (the rows are gone already; these deletes find nothing).
    await this.conversationState.delete(context);
    await this.userState.delete(context);
  }

  private async greetOnce(context: TurnContext): Promise<void> {
    const info = await this.conversation.get(context, {});
    if (info.greeted) return;
    await this.prepareTurn(context, undefined);
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    info.greeted = true;
    await dc.beginDialog(FlowDialog.ID, { greet: true });
  }

  /** A page's language picker: remember the choice and show the current step again in that language. */
  private async switchLocale(context: TurnContext, locale: Locale): Promise<void> {
    const profile = await this.profile.get(context, {});
    profile.locale = locale;
    await this.profile.set(context, profile);
    const info = await this.conversation.get(context, {});
    if (!info.greeted) {
      await this.greetOnce(context);
      return;
    }
    await this.prepareTurn(context, undefined);
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) await dc.repromptDialog();
    else await dc.beginDialog(FlowDialog.ID, {});
  }

  private async runFlow(context: TurnContext, text: string): Promise<void> {
    const info = await this.conversation.get(context, {});
    await this.prepareTurn(context, text);
    const dc = await this.dialogs.createContext(context);
    if (!info.greeted) {
      info.greeted = true;
      await dc.cancelAllDialogs();
      await dc.beginDialog(FlowDialog.ID, { greet: true, text });
      return;
    }
    if (!text.trim() && context.activity.type === 'message') {
      await this.answerMedia(context, dc);
      return;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(FlowDialog.ID, { text });
  }

  /** A picture, a sticker, a location or a voice message without a transcript: say so kindly and repeat the step. */
  private async answerMedia(context: TurnContext, dc: DialogContext): Promise<void> {
    const info = getTurnInfo(context);
    const locale = info?.locale ?? 'en';
    const voice = mediaKindOf(context.activity) === 'voice';
    await context.sendActivity({ type: 'message', text: this.texts.t(locale, voice ? 'media.voiceNoText' : 'media.textOnly'), locale: localeTag(locale) });
    if (dc.activeDialog) await dc.repromptDialog();
    else await dc.beginDialog(FlowDialog.ID, {});
  }

  /** Picks the language for this turn and stamps it on the activity, since prompts read `activity.locale`. */
  private async prepareTurn(context: TurnContext, text: string | undefined): Promise<void> {
    const profile = await this.profile.get(context, {});
    const info = await this.conversation.get(context, {});
    const { locale, detected } = chooseLocale({
      chosen: profile.locale,
      channelLocale: context.activity.locale,
      detected: info.detectedLocale,
      text,
    });
    if (detected && !info.detectedLocale) info.detectedLocale = detected;
    context.activity.locale = localeTag(locale);
    setTurnInfo(context, {
      locale,
      caps: this.channels.capabilitiesFor(context.activity.channelId),
      chooseLocale: async (chosen) => {
        const current = await this.profile.get(context, {});
        current.locale = chosen;
        await this.profile.set(context, current);
        context.activity.locale = localeTag(chosen);
      },
    });
  }
}

async function saveAll(context: TurnContext, ...states: BotState[]): Promise<void> {
  for (const state of states) await state.saveChanges(context, false);
}
