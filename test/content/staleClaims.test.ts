import path from 'node:path';
import { LOCALES, type Card, type Locale } from '../../src/content/cardSchema';
import { shownTextOf } from '../../src/content/glossary';
import { loadCards } from '../../src/content/loadCards';
import { ROOT } from '../helpers/testRuntime';

/**
 * Claims the cards made before the fact sheet of 2026-12-03, now ended, changed or only reported otherwise. No card in
 * any language may state them as current again.
 */
const content = loadCards(path.join(ROOT, 'locales'));
const cardsIn = (locale: Locale): Card[] => content.cards.filter((c) => c.locale === locale);

interface Words {
  pausedOn: RegExp;
  reported: RegExp;
  backInEffect: RegExp;
  staleAppeal: RegExp;
  abandoned: RegExp;
  notConfirmed: RegExp;
  mpp: RegExp;
  fee: RegExp;
  inviteTps: RegExp;
}

const WORDS: Record<Locale, Words> = {
  en: {
    pausedOn: /29 (August|Aug) 2025/,
    reported: /\breported\b/i,
    backInEffect: /back in effect|is back\b/i,
    staleAppeal: /could not confirm what has happened on appeal/i,
    abandoned: /abandoned/,
    notConfirmed: /not confirmed/i,
    mpp: /Remain in Mexico|\bMPP\b/,
    fee: /\$100\b/,
    inviteTps: /\byou can (still )?(apply|get|renew)\b[^.]*\bTPS\b/i,
  },
  es: {
    pausedOn: /29 de agosto de 2025|29 ago 2025/,
    reported: /según informes/i,
    backInEffect: /otra vez en vigor|vuelve/i,
    staleAppeal: /No pudimos confirmar qué ha pasado después en la apelación/i,
    abandoned: /abandonada/,
    notConfirmed: /no está confirmado|sin confirmar/i,
    mpp: /Quédate en México|\bMPP\b/,
    fee: /\$100\b/,
    inviteTps: /\bpuede (todavía )?(solicitar|pedir|renovar|obtener)\b[^.]*\bTPS\b/i,
  },
  zh: {
    pausedOn: /2025年8月29日/,
    reported: /据.{0,6}报道/,
    backInEffect: /重新生效|重新适用/,
    staleAppeal: /我们无法确认之后上诉的结果/,
    abandoned: /放弃/,
    notConfirmed: /尚未证实|未经证实/,
    mpp: /留在墨西哥|MPP/,
    fee: /100美元/,
    inviteTps: /(您|你)(现在)?(还)?(可以|能)(申请|续期)TPS/,
  },
};

describe.each(LOCALES)('no stale claim in %s', (locale) => {
  const words = WORDS[locale];

  it.each(cardsIn(locale).map((c) => [c.id, c] as const))('%s: the August 2025 pause of expedited removal comes with its reported end', (_id, card) => {
    const text = shownTextOf(card);
    expect(text).not.toMatch(words.staleAppeal);
    if (!words.pausedOn.test(text)) return;
    // The card that tells the story (not a one-line timeline entry) says it is reported back in effect.
    if (card.timeline) {
      const line = card.timeline.find((l) => l.card === 'expedited-removal' && l.reported);
      expect(line?.text).toMatch(words.backInEffect);
    } else {
      expect(text).toMatch(words.reported);
      expect(text).toMatch(words.backInEffect);
    }
  });

  it('cbp-one says what leaving through CBP Home does to a pending case, and points to an attorney first', () => {
    const text = shownTextOf(content.get('cbp-one', locale));
    expect(text).toMatch(words.abandoned);
    expect(text).toContain('advance parole');
    expect(text).toMatch(/attorney|abogado|律师/);
  });

  it.each(['asylum-basics', 'one-year-deadline', 'asylum-fees'])('%s names the $100 asylum fee', (id) => {
    expect(shownTextOf(content.get(id, locale))).toMatch(words.fee);
  });

  it('no card invites anyone to apply for or renew TPS', () => {
    for (const card of cardsIn(locale)) expect([card.id, shownTextOf(card)]).toEqual([card.id, expect.not.stringMatching(words.inviteTps)]);
  });

  it('"Remain in Mexico" is never said to be operating: every card naming it says that is not confirmed', () => {
    for (const card of cardsIn(locale).filter((c) => words.mpp.test(shownTextOf(c)) && !c.timeline)) {
      expect([card.id, shownTextOf(card)]).toEqual([card.id, expect.stringMatching(words.notConfirmed)]);
    }
  });

  it('whether Mexico still takes people from other countries is said to be unconfirmed', () => {
    expect(shownTextOf(content.get('mexico-returns', locale))).toMatch(words.notConfirmed);
  });

  it('the privacy card takes the retention period from configuration (RETENTION_DAYS), as the consent text does', () => {
    const privacy = shownTextOf(loadCards(path.join(ROOT, 'locales'), { retentionDays: 45 }).get('privacy', locale));
    expect(privacy).toContain('45');
    expect(privacy).not.toContain('180');
  });
});

describe('the timeline marks what the fact sheet has only as reported', () => {
  // The fact sheet's rows marked UNCONFIRMED or "reported": mid-2026, 25 Jun 2026, 29 May 2026, 30 Mar 2026, Mexico's 2025 figures.
  const REPORTED = ['2026', '2026-06-25', '2026-05-29', '2026-03-30', '2025-06-24'];
  it.each(LOCALES)('%s', (locale) => {
    const timeline = content.get('changes-since-2023', locale).timeline ?? [];
    expect(timeline.length).toBeGreaterThanOrEqual(15);
    for (const line of timeline) expect([line.date, line.reported]).toEqual([line.date, REPORTED.includes(line.date)]);
  });
});

describe('ended programs stay ended', () => {
  const invitations = [/\byou can (book|schedule|apply)\b/i, /\bpuede (reservar|solicitar|agendar)\b/i, /(您|你)(现在)?(可以|能)(预约|申请)/];
  it.each(content.cards.filter((c) => c.status === 'ended').map((c) => [`${c.locale}:${c.id}`, c] as const))('%s invites no one to book or apply', (_name, card) => {
    for (const pattern of invitations) expect(shownTextOf(card)).not.toMatch(pattern);
  });
});
