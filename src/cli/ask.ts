import readline from 'node:readline';
import { loadDomain, type Domain } from '../app/loadDomain';
import { isLocale, type Locale } from '../content/cardSchema';
import { initialFlowState } from '../flow/FlowEngine';
import type { Capabilities } from '../flow/types';
import { detectLanguage } from '../language/detectLanguage';
import { findProjectRoot } from '../util/findProjectRoot';

const USAGE = 'usage: npm run --silent ask -- [--locale en|es|zh] "question"   |   npm run --silent ask -- --jsonl < questions.jsonl';
const PLAIN: Capabilities = { cards: false, typing: false, media: [] };

interface Answer {
  topic: string | null;
  confidence: number;
  locale: Locale;
  alternatives: string[];
  text: string;
}

/** What the bot would answer to a first question typed at the main menu, with the retriever's view of it. */
export function askOnce(domain: Domain, question: string, given?: Locale): Answer {
  const locale = given ?? detectLanguage(question) ?? 'en';
  const result = domain.retriever.search(question, { limit: 3 });
  const turn = domain.engine.handle(initialFlowState(), question, locale, PLAIN);
  const topic = domain.engine.cardShownAt(turn.state.node) ?? null;
  return {
    topic,
    confidence: Number(result.confidence.toFixed(3)),
    locale: turn.locale,
    alternatives: result.matches.map((m) => m.id).filter((id) => id !== topic),
    text: turn.messages.map((m) => m.text + (m.choices?.length ? `\n${m.choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}` : '')).join('\n\n'),
  };
}

function parseLine(line: string): { q: string; locale?: Locale } | undefined {
  const trimmed = line.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { q?: unknown; locale?: unknown };
    if (typeof parsed.q !== 'string') throw new Error(`line without a "q" string: ${trimmed.slice(0, 80)}`);
    return { q: parsed.q, locale: typeof parsed.locale === 'string' && isLocale(parsed.locale) ? parsed.locale : undefined };
  }
  return { q: trimmed };
}

async function main(argv: string[]): Promise<void> {
  let locale: Locale | undefined;
  let jsonl = false;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--jsonl') jsonl = true;
    else if (arg === '--locale') {
      const value = argv[(i += 1)];
      if (!value || !isLocale(value)) throw new Error(`--locale takes en, es or zh\n${USAGE}`);
      locale = value;
    } else words.push(arg);
  }
  const domain = loadDomain(findProjectRoot(__dirname));
  if (!jsonl) {
    const question = words.join(' ').trim();
    if (!question) throw new Error(USAGE);
    process.stdout.write(`${JSON.stringify(askOnce(domain, question, locale))}\n`);
    return;
  }
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const item = parseLine(line);
    if (item) process.stdout.write(`${JSON.stringify(askOnce(domain, item.q, item.locale ?? locale))}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
