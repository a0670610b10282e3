import path from 'node:path';
import { loadDomain } from '../app/loadDomain';
import { checkContent, type CardReport, type ContentReport } from '../content/checkContent';
import { findProjectRoot } from '../util/findProjectRoot';

const USAGE = 'usage: npm run --silent content:check -- [--date YYYY-MM-DD] [--root DIR] [--json]';

interface Options {
  root: string;
  /** The day ages are counted to: today unless given (to see what falls due later). */
  now: Date;
  json: boolean;
}

export function parseArgs(argv: readonly string[], today: Date, defaultRoot: string): Options {
  const options: Options = { root: defaultRoot, now: today, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--root') options.root = path.resolve(argv[(i += 1)] ?? '');
    else if (arg === '--date') {
      const value = argv[(i += 1)] ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T12:00:00Z`))) throw new Error(`--date takes a day as YYYY-MM-DD\n${USAGE}`);
      options.now = new Date(`${value}T12:00:00Z`);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

function reviewColumn(card: CardReport): string {
  const { daysToReview, overdue } = card.review;
  return overdue ? `OVERDUE ${-daysToReview} d` : `in ${daysToReview} d`;
}

/** The report as a table a person reads: one line per card and language, its findings under it. */
export function formatReport(report: ContentReport): string {
  const lines = [
    `Content check on ${report.today} (every card is due for review ${report.reviewEveryDays} days after its asOf)`,
    `${'card'.padEnd(30)}${'lang'.padEnd(6)}${'ver'.padEnd(5)}${'asOf'.padEnd(12)}${'age'.padEnd(8)}${'review'.padEnd(15)}phone lines`,
  ];
  for (const card of report.cards) {
    const phone = `${card.phoneLines}/${card.phoneLimit}`;
    lines.push(`${card.id.padEnd(30)}${card.locale.padEnd(6)}${`v${card.version}`.padEnd(5)}${card.review.asOf.padEnd(12)}${`${card.review.ageDays} d`.padEnd(8)}${reviewColumn(card).padEnd(15)}${phone}`);
    for (const finding of card.findings) lines.push(`    ${finding.severity}: ${finding.message}`);
  }
  if (report.interfaceFindings.length === 0) lines.push('Interface strings (locales/<lang>/*.json): no glossary variants');
  for (const finding of report.interfaceFindings) lines.push(`${finding.severity}: ${finding.locale} ${finding.where} ${finding.message}`);
  const ids = new Set(report.cards.map((c) => c.id)).size;
  lines.push(`${ids} cards in ${report.cards.length / Math.max(1, ids)} languages: ${report.errors} errors, ${report.warnings} warnings${report.errors > 0 ? ' (errors must be fixed)' : ''}`);
  return `${lines.join('\n')}\n`;
}

function main(argv: string[]): number {
  let options: Options;
  try {
    options = parseArgs(argv, new Date(), findProjectRoot(__dirname));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  let report: ContentReport;
  try {
    const now = options.now;
    report = checkContent(loadDomain(options.root, { now: () => now }), options.root);
  } catch (error) {
    // A card that does not parse, a missing translation or a flow naming an unknown card: the content does not load.
    process.stderr.write(`error: the content does not load: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
  return report.errors > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
