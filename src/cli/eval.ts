import path from 'node:path';
import { loadDomain } from '../app/loadDomain';
import { findProjectRoot } from '../util/findProjectRoot';
import { scoreAllLocales } from './evaluateRetriever';

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function main(argv: string[]): void {
  const root = findProjectRoot(__dirname);
  const domain = loadDomain(root);
  const scores = scoreAllLocales(domain.retriever, path.join(root, 'test', 'eval'));
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ retriever: scores.map(({ misses: _m, ...rest }) => rest) })}\n`);
    return;
  }
  process.stdout.write('Retriever on the public question set (test/eval/<lang>.jsonl)\n');
  process.stdout.write('lang  questions  top-1   top-3   off-topic answered "none"\n');
  for (const s of scores) {
    process.stdout.write(
      `${s.locale.padEnd(6)}${String(s.questions).padEnd(11)}${percent(s.top1).padEnd(8)}${percent(s.top3).padEnd(8)}${s.noneCorrect}/${s.noneTotal}\n`,
    );
  }
  if (argv.includes('--misses')) {
    for (const s of scores) for (const m of s.misses) process.stdout.write(`${s.locale} miss: ${JSON.stringify(m)}\n`);
  }
}

main(process.argv.slice(2));
