import { channelDirectory } from '../../../src/channels/channelRegistry';
import { renderForWhatsApp } from '../../../src/channels/whatsapp/renderForWhatsApp';
import { toWhatsAppMarkdown } from '../../../src/bot/markdownDialects';
import { choiceStyleFor, toActivity } from '../../../src/bot/toActivity';

const whatsapp = channelDirectory.capabilitiesFor('whatsapp');
const words = { button: 'Elegir', section: 'Opciones' };
const codePoints = (s: string) => [...s].length;
const choices = (...labels: string[]) => labels.map((label, i) => ({ value: `v${i}`, label }));

describe('WhatsApp markdown', () => {
  it('is unchanged by a second pass, so the adapter may convert what the bot already converted', () => {
    const once = toWhatsAppMarkdown('**Title 42** _ended_  \n[(626) 795-6777](tel:+16267956777) · [DHS](https://www.dhs.gov)');
    expect(toWhatsAppMarkdown(once)).toBe(once);
  });

  it.each([
    ['**Title 42** ended', '*Title 42* ended'],
    ['_As of 14 January 2026 · in force_  \nSources: x', '_As of 14 January 2026 · in force_\nSources: x'],
    ['[(626) 795-6777](tel:+16267956777)', '+1 626 795 6777'],
    ['Call us: [the office](tel:+16267956777)', 'Call us: the office +1 626 795 6777'],
    ['[Federal Register](https://www.federalregister.gov/x)', 'Federal Register (https://www.federalregister.gov/x)'],
    ['[https://www.uscis.gov](https://www.uscis.gov)', 'https://www.uscis.gov'],
    ['## Heading', '*Heading*'],
    ['a model wrote **bold across\nlines**', 'a model wrote bold across\nlines'],
  ])('%p -> %p', (input, output) => {
    expect(toWhatsAppMarkdown(input)).toBe(output);
  });
});

describe('choices on WhatsApp', () => {
  it('become reply buttons up to 3 titles of up to 20 characters, a list up to 10 rows of 24, numbered text otherwise', () => {
    expect(choiceStyleFor(choices('Sí', 'No', 'Prefiero no decir'), whatsapp)).toBe('buttons');
    expect(choiceStyleFor(choices('Sí', 'No', 'Quizás', 'Prefiero no decir'), whatsapp)).toBe('list');
    expect(choiceStyleFor(choices('Regresos a México (2023)', 'No'), whatsapp)).toBe('list');
    expect(choiceStyleFor(choices(...Array.from({ length: 11 }, (_, i) => `País ${i}`)), whatsapp)).toBe('numbered');
    expect(choiceStyleFor(choices('Tengo un caso en la corte de inmigración', 'No'), whatsapp)).toBe('numbered');
  });

  it('counts code points as Meta does: 20 Chinese characters are a button title, 21 are not', () => {
    expect(choiceStyleFor(choices('一'.repeat(20)), whatsapp)).toBe('buttons');
    expect(choiceStyleFor(choices('一'.repeat(21)), whatsapp)).toBe('list');
  });

  it('renders reply buttons whose ids are their titles, so a tap reads as the words', () => {
    const activity = toActivity({ text: '¿Tiene miedo de regresar?', choices: choices('Sí', 'No'), tags: ['q'] }, 'es', whatsapp);
    expect(renderForWhatsApp(activity, words)).toEqual([
      { type: 'interactive', interactive: { type: 'button', body: { text: '¿Tiene miedo de regresar?' }, action: { buttons: [{ type: 'reply', reply: { id: 'Sí', title: 'Sí' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] } } },
    ]);
  });

  it('renders a list with its button and section words in the person\'s language', () => {
    const activity = toActivity({ text: 'Elija un tema.', choices: choices('Regresos a México (2023)', 'Asilo y otras vías', 'Cambiar idioma', 'Contactar una oficina'), tags: ['menu'] }, 'es', whatsapp);
    const [list] = renderForWhatsApp(activity, words);
    expect(list).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'Elija un tema.' }, action: { button: 'Elegir', sections: [{ title: 'Opciones' }] } } });
    const rows = (list as { interactive: { action: { sections: Array<{ rows: Array<{ id: string; title: string }> }> } } }).interactive.action.sections[0].rows;
    expect(rows.map((r) => r.title)).toEqual(['Regresos a México (2023)', 'Asilo y otras vías', 'Cambiar idioma', 'Contactar una oficina']);
  });

  it('writes numbered lines that the recogniser maps back, when neither fits', () => {
    const activity = toActivity({ text: '¿Le pasó alguna de estas cosas?', choices: choices('Me rechazaron en la frontera de EE. UU.', 'Ninguna de estas'), tags: ['q'] }, 'es', whatsapp);
    expect(renderForWhatsApp(activity, words)).toEqual([{ type: 'text', text: { body: '¿Le pasó alguna de estas cosas?\n\n1. Me rechazaron en la frontera de EE. UU.\n2. Ninguna de estas', preview_url: false } }]);
  });
});

describe('long texts on WhatsApp', () => {
  const sentence = 'Una persona que teme volver a su país puede pedir asilo dentro del plazo de un año. ';

  it('splits text over 4,096 code points at sentence ends, nothing lost', () => {
    const text = sentence.repeat(120).trim();
    const parts = renderForWhatsApp({ type: 'message', text }, words);
    expect(parts.length).toBeGreaterThan(1);
    const bodies = parts.map((p) => (p as { text: { body: string } }).text.body);
    for (const body of bodies) {
      expect(codePoints(body)).toBeLessThanOrEqual(4096);
      expect(body.endsWith('.')).toBe(true);
    }
    expect(bodies.join(' ')).toBe(text);
  });

  it('measures Chinese and emoji in code points, not UTF-16 units or bytes', () => {
    const text = '😀这是一句说明。'.repeat(600);
    const parts = renderForWhatsApp({ type: 'message', text }, words).map((p) => (p as { text: { body: string } }).text.body);
    for (const part of parts) expect(codePoints(part)).toBeLessThanOrEqual(4096);
    expect(parts.length).toBe(2);
    expect(parts.join('')).toBe(text);
  });

  it('puts a long text before the buttons, keeping the body under them within 1,024', () => {
    const text = sentence.repeat(20).trim();
    const activity = toActivity({ text, choices: choices('Siguiente', 'Menú'), tags: ['card'] }, 'es', whatsapp);
    const parts = renderForWhatsApp(activity, words);
    const last = parts.at(-1) as { type: string; interactive: { body: { text: string } } };
    expect(last.type).toBe('interactive');
    expect(codePoints(last.interactive.body.text)).toBeLessThanOrEqual(1024);
    const all = [...parts.slice(0, -1).map((p) => (p as { text: { body: string } }).text.body), last.interactive.body.text];
    expect(all.join(' ')).toBe(text);
  });
});
