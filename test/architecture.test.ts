import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/testRuntime';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the SDK boundary', () => {
  it('keeps every botbuilder import in src/bot and src/channels, so a move to the successor SDK stays at the edge', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => !/[\\/]src[\\/](bot|channels)[\\/]/.test(file))
      .filter((file) => /from\s+'botbuilder[^']*'|require\('botbuilder/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
