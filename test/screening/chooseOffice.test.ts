import type { Locale } from '../../src/content/cardSchema';
import { parseFirmProfile } from '../../src/firm/loadFirmProfile';
import { chooseOffice, extraLinesFor } from '../../src/screening/chooseOffice';
import type { Answers } from '../../src/screening/evaluateRules';
import { realDomain } from '../helpers/testRuntime';

const { firm, screening } = realDomain();

describe('office choice with the seed firm profile', () => {
  it.each<[string, Answers, Locale, string, boolean]>([
    ['in the US, English', { location: 'us' }, 'en', 'los-angeles', false],
    ['in the US, Spanish', { location: 'us' }, 'es', 'los-angeles', false],
    ['in Mexico: a US office, never the +63 line', { location: 'mexico' }, 'es', 'los-angeles', false],
    ['elsewhere: a US office, never the +63 line', { location: 'elsewhere' }, 'en', 'los-angeles', false],
    ['location skipped: a US office', {}, 'en', 'los-angeles', false],
    ['Chinese speaker: WeChat first', { location: 'us' }, 'zh', 'los-angeles', true],
    ['prefers Chinese while writing English: WeChat first', { location: 'us', language: 'zh' }, 'en', 'los-angeles', true],
    ['prefers WeChat: WeChat first', { location: 'us', channel: 'wechat' }, 'es', 'los-angeles', true],
    ['Chinese speaker in Mexico: a US office, WeChat first', { location: 'mexico' }, 'zh', 'los-angeles', true],
  ])('%s', (_name, answers, locale, officeId, wechatFirst) => {
    expect(chooseOffice(firm, screening, answers, locale)).toEqual({ officeId, wechatFirst });
  });

  it.each<[string, Answers, string[]]>([
    ['in Mexico', { location: 'mexico' }, ['international']],
    ['elsewhere', { location: 'elsewhere' }, ['international']],
    ['in the US', { location: 'us' }, []],
    ['location skipped', {}, []],
  ])('the +63 number is one more line %s', (_name, answers, ids) => {
    expect(extraLinesFor(firm, answers).map((o) => o.id)).toEqual(ids);
  });

  it('never sends anyone to an extra line, even when it is the only office serving the region', () => {
    const profile = parseFirmProfile({ ...firm, offices: firm.offices.map((o) => (o.extraLine ? o : { ...o, regions: ['us'] })) });
    expect(chooseOffice(profile, screening, { location: 'mexico' }, 'en').officeId).toBe('los-angeles');
  });

  it('prefers an office that speaks the language when the profile says which ones do', () => {
    const profile = parseFirmProfile({
      ...firm,
      offices: firm.offices.map((o) => (o.id === 'san-francisco' ? { ...o, languages: ['zh'] } : o.id === 'los-angeles' ? { ...o, languages: ['en', 'es'] } : o)),
    });
    expect(chooseOffice(profile, screening, { location: 'us' }, 'zh').officeId).toBe('san-francisco');
    expect(chooseOffice(profile, screening, { location: 'us' }, 'es').officeId).toBe('los-angeles');
  });
});
