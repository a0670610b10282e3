import type { Translator } from '../i18n/createTranslator';
import type { Answers, Evaluation } from './evaluateRules';
import type { ScreeningDefinition } from './loadScreening';

export interface SummaryContext {
  /** The language the person wrote in (en, es, zh). */
  locale: string;
  channelId: string;
  officeName: string;
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Spanish', zh: 'Chinese' };

/**
 * A few English lines for staff, from templates only: outcome and reasons first, then each answer, then what
 * was skipped. It never quotes what the person typed.
 */
export function buildSummary(texts: Translator, def: ScreeningDefinition, evaluation: Evaluation, answers: Answers, context: SummaryContext): string {
  const t = (key: string, vars?: Record<string, string>) => texts.t('en', `screening:${key}`, vars);
  const reasons = evaluation.reasons.map((r) => t(`staffReason.${r}`)).join('; ');
  const lines = [
    t(`staff.outcome.${evaluation.outcome}`, { reasons }),
    t('staff.where', { language: LANGUAGE_NAMES[context.locale] ?? context.locale, channel: context.channelId, office: context.officeName }),
  ];
  const skipped: string[] = [];
  for (const q of def.questions) {
    const answer = answers[q.id];
    if (answer === undefined) skipped.push(t(`staff.question.${q.id}`));
    else lines.push(`${t(`staff.question.${q.id}`)}: ${t(`q.${q.id}.${answer}`)}`);
  }
  if (answers.danger === 'yes' || answers.alert !== undefined) lines.push(t('staff.danger'));
  if (skipped.length > 0) lines.push(t('staff.skipped', { list: skipped.join(', ') }));
  return lines.join('\n');
}
