import type { Locale } from '../content/cardSchema';
import type { FirmProfile, Office } from '../firm/loadFirmProfile';
import type { Answers } from './evaluateRules';
import type { ScreeningDefinition } from './loadScreening';

export interface OfficeChoice {
  officeId: string;
  /** Show the WeChat ID before the phone numbers. */
  wechatFirst: boolean;
}

type Region = Office['regions'][number];

function regionOf(answers: Answers): Region {
  const location = answers.location;
  return location === 'mexico' || location === 'elsewhere' ? location : 'us';
}

function preferredLocale(answers: Answers, locale: Locale): Locale {
  const chosen = answers.language;
  return chosen === 'en' || chosen === 'es' || chosen === 'zh' ? chosen : locale;
}

/**
 * The office for this person: one serving their location, one speaking their language when the profile says which
 * languages an office speaks, then the firm's order. An `extraLine` (the +63 number) is never the office.
 */
export function chooseOffice(firm: FirmProfile, def: Pick<ScreeningDefinition, 'officeOrder' | 'wechatFirst'>, answers: Answers, locale: Locale): OfficeChoice {
  const region = regionOf(answers);
  const language = preferredLocale(answers, locale);
  const rank = (o: Office) => {
    const i = def.officeOrder.indexOf(o.id);
    return i < 0 ? def.officeOrder.length : i;
  };
  const offices = firm.offices.filter((o) => !o.extraLine);
  const serving = offices.filter((o) => o.regions.includes(region));
  const pool = serving.length > 0 ? serving : offices;
  const speaking = pool.filter((o) => o.languages?.includes(language));
  const [best] = [...(speaking.length > 0 ? speaking : pool)].sort((a, b) => rank(a) - rank(b));
  const wechatFirst = def.wechatFirst.includes(language) || answers.channel === 'wechat';
  return { officeId: best.id, wechatFirst };
}

/** The lines shown under the office to people in their regions (outside the US: the +63 number). */
export function extraLinesFor(firm: FirmProfile, answers: Answers): Office[] {
  const region = regionOf(answers);
  return firm.offices.filter((o) => o.extraLine && o.regions.includes(region));
}
