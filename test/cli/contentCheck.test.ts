import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, ROOT } from '../helpers/testRuntime';

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CHECK = path.join(ROOT, 'src', 'cli', 'contentCheck.ts');

function runCheck(args: string[]) {
  const result = spawnSync(TSX, [CHECK, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the content to break on purpose. */
function copyContent(): string {
  const root = makeTempDir();
  for (const dir of ['dialogs', 'locales']) fs.cpSync(path.join(ROOT, dir), path.join(root, dir), { recursive: true });
  return root;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const full = path.join(root, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8')));
}

describe('npm run content:check', () => {
  it('passes on the real content, with one line per card and language', () => {
    const { status, stdout } = runCheck(['--date', '2026-12-04']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^asylum-fees +en +v1 +2026-12-04 +0 d +in 90 d +\d+\/40$/m);
    expect(stdout).toMatch(/^tps-changes +zh +v\d+ /m);
    expect(stdout).toMatch(/warning: source \d \(Reuters, 2025-01-22\) has no URL/);
    expect(stdout).toMatch(/24 cards in 3 languages: 0 errors, \d+ warnings\n$/);
  });

  it('reports age as a warning, not an error: 100 days on, it still exits 0', () => {
    const { status, stdout } = runCheck(['--date', '2027-03-14']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^asylum-fees +en +v1 +2026-12-04 +100 d +OVERDUE 10 d/m);
    expect(stdout).toContain('warning: facts checked 100 days ago, due 2027-03-04');
  });

  it('exits 1 naming a glossary variant, a card nothing leads to, and a card too long for a phone', () => {
    const root = copyContent();
    edit(root, 'locales/zh/cards/emergency.md', (t) => t.replace('收到了驱逐出境令', '收到了遣返令'));
    edit(root, 'locales/es/common.json', (t) => t.replace('una relación abogado-cliente', 'una relación entre abogado y cliente'));
    edit(root, 'dialogs/flows.yaml', (t) => t.replace('      - border-modernization\n', ''));
    // Its questions now say nothing the retriever can place, so no question reaches it either.
    const vague = 'questions:\n  - What is this?\n  - Is it so?\n';
    for (const locale of ['en', 'es', 'zh']) edit(root, `locales/${locale}/cards/border-modernization.md`, (t) => t.replace(/^questions:\n(  - .*\n)+/m, vague));
    edit(root, 'locales/en/cards/title-42.md', (t) => `${t}\n${'This sentence makes the card far too long to read on a phone. '.repeat(20)}\n`);
    const { status, stdout } = runCheck(['--root', root, '--date', '2026-12-04']);
    expect(status).toBe(1);
    expect(stdout).toContain('error: uses "遣返令" for removal order; the glossary term is "驱逐出境令"');
    expect(stdout).toContain('error: es common.json:greeting.hello uses "relación entre abogado y cliente"');
    expect(stdout).toMatch(/^border-modernization +en[^\n]*\n( {4}warning[^\n]*\n)* {4}error: no topic, timeline or service step shows it/m);
    expect(stdout).toMatch(/^title-42 +en[^\n]*\n( {4}warning[^\n]*\n)* {4}error: fills \d+ lines on a phone; at most 40/m);
  });

  it('exits 1 when the content does not load, saying why', () => {
    const root = copyContent();
    edit(root, 'locales/es/cards/asylum-fees.md', (t) => t.replace(/^version: 1$/m, 'version: 0'));
    const { status, stderr } = runCheck(['--root', root]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/error: the content does not load: .*asylum-fees\.md: version/);
  });

  it('refuses a bad date with a usage message', () => {
    const { status, stderr } = runCheck(['--date', '2026-13-45']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--date takes a day as YYYY-MM-DD/);
  });
});
