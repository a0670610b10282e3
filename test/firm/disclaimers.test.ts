import { realDomain } from '../helpers/testRuntime';
import { checkDisclaimerKeys, parseFirmProfile } from '../../src/firm/loadFirmProfile';
import { FlowEngine } from '../../src/flow/FlowEngine';


const domain = realDomain();
const caps = { buttons: true, markdown: true };

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
