import { channelDirectory } from '../../src/channels/channelRegistry';
import { loadDomain } from '../../src/app/loadDomain';
import { findProjectRoot } from '../../src/util/findProjectRoot';
import { realDomain } from '../helpers/testRuntime';
import { checkDisclaimerKeys, parseFirmProfile } from '../../src/firm/loadFirmProfile';
import { FlowEngine } from '../../src/flow/FlowEngine';


const domain = realDomain();
const caps = channelDirectory.capabilitiesFor('webchat');

describe('the disclaimer texts named by the firm profile', () => {
  it('are required: a profile without them is refused with the field named', () => {
    const withoutDisclaimers: Record<string, unknown> = { ...domain.firm };
    delete withoutDisclaimers.disclaimers;
    expect(() => parseFirmProfile(withoutDisclaimers)).toThrow(/disclaimers/);
  });

  it('exist in every language for the shipped profile, and a missing key is named', () => {
    const hasText = (key: string) => domain.texts.has(key);
    expect(checkDisclaimerKeys(domain.firm, hasText)).toEqual([]);
    const broken = { ...domain.firm, disclaimers: { ...domain.firm.disclaimers, consent: 'screening:consent.reworded' } };
    expect(checkDisclaimerKeys(broken, hasText)).toEqual(['disclaimers.consent: no text "screening:consent.reworded" in every language']);
  });

  it('are what a person reads first, in their language, and an operator can point them at other texts', () => {
    const hello = domain.engine.greet('es', caps).messages[0].text;
    expect(hello).toContain('asistente automático');
    expect(hello).toContain(domain.firm.name);

    const reworded = new FlowEngine({ ...domain, firm: { ...domain.firm, disclaimers: { ...domain.firm.disclaimers, greeting: 'safety.prompt' } } });
    expect(reworded.greet('zh', caps).messages[0].text).toBe(domain.texts.t('zh', 'safety.prompt'));
  });
});

describe('the consent step', () => {
  it('tells people the retention the purge job enforces (RETENTION_DAYS)', () => {
    const root = findProjectRoot(__dirname);
    const consent = (days?: number) => loadDomain(root, { retentionDays: days }).screeningEngine.start('lead-1', 'test', 'es', caps).messages[0].text;
    expect(consent(30)).toContain('hasta 30 días');
    expect(consent()).toContain('hasta 180 días');
  });
});
