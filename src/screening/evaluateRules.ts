import type { Outcome, Rule, ScreeningDefinition } from './loadScreening';

/** Answers by question id; a skipped question is absent ("prefer not to say" is never a value). */
export type Answers = Record<string, string>;

export interface Evaluation {
  outcome: Outcome;
  /** Reason codes that fired, in the order of the rules; each is explained to staff and to the person. */
  reasons: string[];
}

function fires(rule: Rule, answers: Answers): boolean {
  return Object.entries(rule.when).every(([question, accepted]) => {
    const answer = answers[question];
    return answer !== undefined && accepted.includes(answer);
  });
}

function firedReasons(rules: readonly Rule[], answers: Answers): string[] {
  return [...new Set(rules.filter((r) => fires(r, answers)).map((r) => r.reason))];
}

/**
 * Turns answers into an outcome by the rules in dialogs/screening.yaml. An urgent case keeps its other
 * reasons too, so staff see the whole picture.
 */
export function evaluateRules(rules: ScreeningDefinition['rules'], answers: Answers): Evaluation {
  const urgent = firedReasons(rules.urgent, answers);
  const qualified = firedReasons(rules.qualified, answers);
  if (urgent.length > 0) return { outcome: 'urgent', reasons: [...urgent, ...qualified] };
  if (qualified.length > 0) return { outcome: 'qualified', reasons: qualified };
  const refer = firedReasons(rules.refer, answers);
  if (refer.length > 0) return { outcome: 'refer', reasons: refer };
  return { outcome: rules.default.outcome, reasons: [rules.default.reason] };
}
