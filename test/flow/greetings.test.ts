import { channelDirectory } from '../../src/channels/channelRegistry';
import { initialFlowState } from '../../src/flow/FlowEngine';
import { realDomain } from '../helpers/testRuntime';

const domain = realDomain();
const caps = channelDirectory.capabilitiesFor('webchat');
const tags = (text: string, locale: 'en' | 'es' | 'zh') => domain.engine.handle(initialFlowState(), text, locale, caps).messages.flatMap((m) => m.tags);

describe('a greeting typed on its own', () => {
  it.each([
    ['hi', 'en'],
    ['Hola!', 'es'],
    ['buenos días', 'es'],
    ['你好！', 'zh'],
  ] as const)('"%s" brings the menu, not "I have no answer"', (text, locale) => {
    expect(tags(text, locale)).toEqual(['menu.prompt']);
  });

  it('does not swallow a request that starts with a greeting', () => {
    expect(tags('hola, quiero saber del asilo', 'es')).not.toEqual(['menu.prompt']);
    expect(tags('hi, what is Title 42?', 'en')).toContain('card:title-42');
  });
});

describe('the words the bot itself suggests for reaching a person', () => {
  it.each([
    ['Talk to a person', 'en'],
    ['Hablar con una persona', 'es'],
    ['找人工咨询', 'zh'],
  ] as const)('"%s" typed at the menu starts the screening for an attorney', (text, locale) => {
    expect(domain.engine.handle(initialFlowState(), text, locale, caps).startScreening).toBe(true);
  });
});
