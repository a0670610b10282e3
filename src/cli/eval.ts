import path from 'node:path';
import { loadDomain } from '../app/loadDomain';
import { findProjectRoot } from '../util/findProjectRoot';
import { loadConfig } from '../config/loadConfig';
import { contentVersionOf, createLlm, loadLlmRules } from '../llm';
import { createLogger } from '../util/logger';
import { scoreLlm } from './evaluateLlm';
import { readEvalSet, scoreAllLocales } from './evaluateRetriever';

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

async function main(argv: string[]): Promise<void> {
  const root = findProjectRoot(__dirname);
  const domain = loadDomain(root);
  const evalDir = path.join(root, 'test', 'eval');
  const scores = scoreAllLocales(domain.retriever, evalDir);
  // With a model configured (OPENAI_BASE_URL or OPENAI_API_KEY, and OPENAI_MODEL), its answers are checked too.
  const config = loadConfig(process.env, root);
  const llm = createLlm(config.llm, loadLlmRules(path.join(root, 'dialogs', 'llm.yaml')), contentVersionOf(domain.content.cards), createLogger('error'));
  const llmScores = llm ? await scoreLlm(llm, domain, (locale) => readEvalSet(evalDir, locale)) : undefined;
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ retriever: scores.map(({ misses: _m, ...rest }) => rest), llm: llmScores, usage: llm?.usage })}\n`);
    return;
  }
  process.stdout.write('Retriever on the public question set (test/eval/<lang>.jsonl)\n');
  process.stdout.write('lang  questions  top-1   top-3   off-topic answered "none"\n');
  for (const s of scores) {
    process.stdout.write(
      `${s.locale.padEnd(6)}${String(s.questions).padEnd(11)}${percent(s.top1).padEnd(8)}${percent(s.top3).padEnd(8)}${s.noneCorrect}/${s.noneTotal}\n`,
    );
  }
  if (llm && llmScores) {
    process.stdout.write('\nLanguage model answers passing the structural checks and guard rails\n');
    process.stdout.write('lang  asked  passed  failures\n');
    for (const s of llmScores) {
      const share = s.asked ? s.passed / s.asked : 0;
      process.stdout.write(`${s.locale.padEnd(6)}${String(s.asked).padEnd(7)}${percent(share).padEnd(8)}${JSON.stringify(s.failures)}\n`);
    }
    process.stdout.write(`tokens: ${llm.usage.promptTokens} prompt, ${llm.usage.completionTokens} completion\n`);
  } else {
    process.stdout.write('\nLanguage model: off (set OPENAI_BASE_URL or OPENAI_API_KEY, and OPENAI_MODEL, to check its answers)\n');
  }
  if (argv.includes('--misses')) {
    for (const s of scores) for (const m of s.misses) process.stdout.write(`${s.locale} miss: ${JSON.stringify(m)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
