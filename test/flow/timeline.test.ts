import { directLineChannel } from '../../src/channels/directline/directLineChannel';
import fs from 'node:fs';
import path from 'node:path';
import { loadCards } from '../../src/content/loadCards';
import { initialFlowState } from '../../src/flow/FlowEngine';
import type { Capabilities, FlowState } from '../../src/flow/types';
import { makeTempDir, realDomain, ROOT } from '../helpers/testRuntime';

const WEB: Capabilities = directLineChannel.capabilities;
const WECHAT: Capabilities = { cards: false, typing: false, media: [] };
const domain = realDomain();
const { engine, texts } = domain;
const timeline = domain.content.get('changes-since-2023', 'en').timeline ?? [];
const pageSize = domain.settings.timelinePageSize;

function openChanges(locale: 'en' | 'es' | 'zh', caps: Capabilities) {
  return engine.handle(initialFlowState(), texts.t(locale, 'menu.changes'), locale, caps);
}

describe('the "Changes since 2023" timeline', () => {
  it('is newest first and has more lines than one page', () => {
    const dates = timeline.map((l) => l.date);
    expect(dates.length).toBeGreaterThan(pageSize);
    for (let i = 1; i < dates.length; i += 1) expect(dates[i].slice(0, 4) <= dates[i - 1].slice(0, 4)).toBe(true);
  });

  it('with buttons: numbered short lines in the text, "reported" where it is, and a row of numbered buttons that open their cards', () => {
    const turn = openChanges('en', WEB);
    const card = turn.messages.find((m) => m.tags.includes('card:changes-since-2023'));
    expect(card?.text).toContain('1. 2026 · reported: in mid-2026 an appeals court lifted the pause');
    expect(card?.text).toContain('6. Feb 9, 2026 · an appeals court paused the ruling');
    expect(card?.text).not.toContain(`${pageSize + 1}. `);
    const choices = turn.messages.at(-1)?.choices ?? [];
    expect(choices.slice(0, pageSize).map((c) => c.label)).toEqual(Array.from({ length: pageSize }, (_, i) => String(i + 1)));
    expect(choices.slice(0, pageSize).map((c) => c.value)).toEqual(timeline.slice(0, pageSize).map((l) => `card:${l.card}`));
    expect(choices.map((c) => c.value)).toEqual(expect.arrayContaining(['earlier', 'next', 'menu', 'person']));
  });

  it('a tapped number opens its line\'s card, and so does the line\'s own text typed in', () => {
    const first = openChanges('en', WEB);
    const opened = engine.handle(first.state, '2', 'en', WEB);
    expect(opened.messages.map((m) => m.tags[0])).toContain('card:tps-changes');
    const typed = engine.handle(first.state, 'the Supreme Court held that a person still in Mexico has not "arrived in" the US', 'en', WEB);
    expect(typed.messages.map((m) => m.tags[0])).toContain('card:remain-in-mexico');
  });

  it('on WeChat: the lines themselves are the numbered choices, and a number opens its line\'s card', () => {
    const turn = openChanges('zh', WECHAT);
    const card = turn.messages.find((m) => m.tags.includes('card:changes-since-2023'));
    expect(card?.text).toContain(texts.t('zh', 'card.timeline.reply'));
    expect(card?.text).not.toContain('1. ');
    const choices = turn.messages.at(-1)?.choices ?? [];
    expect(choices[1].label).toBe('2026年6月25日 · 据报道：最高法院允许终止海地和叙利亚的TPS');
    const fifth = engine.handle(turn.state, '5', 'zh', WECHAT);
    expect(fifth.messages.map((m) => m.tags[0])).toContain(`card:${timeline[4].card}`);
  });

  it('"Earlier changes" pages back to the oldest lines, then offers no earlier page', () => {
    let state: FlowState = openChanges('es', WEB).state;
    const pages = Math.ceil(timeline.length / pageSize);
    let last;
    for (let page = 1; page < pages; page += 1) {
      last = engine.handle(state, texts.t('es', 'nav.earlier'), 'es', WEB);
      state = last.state;
      const card = last.messages.find((m) => m.tags.includes('card:changes-since-2023'));
      expect(card?.text).toContain(texts.t('es', 'card.timeline.page', { page: page + 1, pages }));
    }
    const choices = last?.messages.at(-1)?.choices ?? [];
    expect(choices.map((c) => c.value)).not.toContain('earlier');
    expect(choices.at(-4)?.value).toBe(`card:${timeline.at(-1)?.card}`);
    const text = last?.messages.find((m) => m.tags.includes('card:changes-since-2023'))?.text ?? '';
    expect(text).toContain('Título 42');
  });

  it('records which card and version each reply showed', () => {
    const turn = openChanges('en', WEB);
    const shown = turn.messages.flatMap((m) => m.shown ?? []);
    const card = domain.content.get('changes-since-2023', 'en');
    expect(shown).toEqual([{ id: 'changes-since-2023', version: card.version, asOf: card.asOf }]);
  });
});

describe('timeline consistency checks', () => {
  function copyCards(): string {
    const dir = makeTempDir();
    fs.cpSync(path.join(ROOT, 'locales'), dir, { recursive: true });
    return dir;
  }

  it('refuses a translation whose lines open other cards', () => {
    const dir = copyCards();
    const file = path.join(dir, 'es', 'cards', 'changes-since-2023.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{ date: 2025-09-08, card: tps-changes,', '{ date: 2025-09-08, card: chnv-parole,'));
    expect(() => loadCards(dir)).toThrow(/changes-since-2023: es timeline line 9 \(2025-09-08, chnv-parole\) differs from English/);
  });

  it('refuses lines out of date order', () => {
    const dir = copyCards();
    for (const locale of ['en', 'es', 'zh']) {
      const file = path.join(dir, locale, 'cards', 'changes-since-2023.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{ date: 2025-09-08,', '{ date: 2026-09-08,'));
    }
    expect(() => loadCards(dir)).toThrow(/timeline line 9 \(2026-09-08\) is newer than the line above it/);
  });

  it('refuses a line that opens a card that does not exist', () => {
    const dir = copyCards();
    for (const locale of ['en', 'es', 'zh']) {
      const file = path.join(dir, locale, 'cards', 'changes-since-2023.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('card: title-42,', 'card: no-such-card,'));
    }
    expect(() => loadCards(dir)).toThrow(/opens unknown card no-such-card/);
  });

  it('refuses an unknown placeholder in a card', () => {
    const dir = copyCards();
    const file = path.join(dir, 'en', 'cards', 'privacy.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{{retentionDays}}', '{{keepDays}}'));
    expect(() => loadCards(dir)).toThrow(/privacy\.md: unknown placeholder \{\{keepDays\}\}/);
  });
});
