import { z } from 'zod';
import { loadYamlFile, parseWithSchema } from '../util/parseWithSchema';

const code = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a short camelCase code');
const condition = z.record(code, z.array(code).min(1));
const rule = z.object({ reason: code, when: condition });

export const OUTCOMES = ['urgent', 'qualified', 'refer'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const questionSchema = z.object({
  id: code,
  /** Option value -> extra words that pick it, beside its label in every language. */
  options: z.record(code, z.array(z.string().min(1))).refine((o) => Object.keys(o).length >= 2, 'a question has at least two options'),
  /** The option recorded when the person writes something no option matches (a country without a button). */
  freeText: code.optional(),
});

export const screeningSchema = z
  .object({
    referralCard: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a content card id'),
    deleteData: z.array(z.string().min(1)).min(1),
    skipWords: z.array(z.string().min(1)),
    questions: z.array(questionSchema).min(1),
    rules: z.object({
      urgent: z.array(rule),
      qualified: z.array(rule),
      refer: z.array(rule),
      default: z.object({ outcome: z.enum(OUTCOMES), reason: code }),
    }),
    officeOrder: z.array(z.string().min(1)).min(1),
    wechatFirst: z.array(z.enum(['en', 'es', 'zh'])),
  })
  .superRefine((def, ctx) => {
    const ids = def.questions.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'question ids must be unique' });
    for (const [i, q] of def.questions.entries()) {
      if (q.freeText && !(q.freeText in q.options)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'freeText'], message: 'must be one of the options' });
    }
  });

export type ScreeningDefinition = z.infer<typeof screeningSchema>;
export type Question = ScreeningDefinition['questions'][number];
export type Rule = z.infer<typeof rule>;

/** Answers the rules may name besides the questions: set by the bot, not asked. */
export const DERIVED_ANSWERS: Record<string, string[]> = { danger: ['yes'], alert: ['detention', 'hearing', 'removalOrder'] };

/** Everything the definition names must exist: questions and their values in rules, offices, and words in every language. */
export function checkScreeningReferences(
  def: ScreeningDefinition,
  known: { officeIds: readonly string[]; cardIds: readonly string[] },
  hasKey: (key: string) => boolean,
): string[] {
  const problems: string[] = [];
  if (!known.cardIds.includes(def.referralCard)) problems.push(`referralCard: unknown card ${def.referralCard}`);
  const values = new Map<string, string[]>(def.questions.map((q) => [q.id, Object.keys(q.options)]));
  for (const [name, known] of Object.entries(DERIVED_ANSWERS)) values.set(name, known);
  const rules = [...def.rules.urgent, ...def.rules.qualified, ...def.rules.refer];
  for (const r of rules) {
    for (const [question, accepted] of Object.entries(r.when)) {
      const known = values.get(question);
      if (!known) problems.push(`rule ${r.reason}: unknown question ${question}`);
      else for (const v of accepted) if (!known.includes(v)) problems.push(`rule ${r.reason}: ${question} has no option ${v}`);
    }
  }
  for (const reason of new Set([...rules.map((r) => r.reason), def.rules.default.reason])) {
    for (const key of [`screening:reason.${reason}`, `screening:staffReason.${reason}`]) if (!hasKey(key)) problems.push(`missing text key ${key}`);
  }
  for (const id of def.officeOrder) if (!known.officeIds.includes(id)) problems.push(`officeOrder: unknown office ${id}`);
  for (const q of def.questions) {
    for (const key of [`screening:q.${q.id}.prompt`, ...Object.keys(q.options).map((v) => `screening:q.${q.id}.${v}`)]) {
      if (!hasKey(key)) problems.push(`question ${q.id}: missing text key ${key}`);
    }
  }
  return problems;
}

export function parseScreening(data: unknown, source = 'screening'): ScreeningDefinition {
  return parseWithSchema(screeningSchema, data, source);
}

export function loadScreening(file: string): ScreeningDefinition {
  return loadYamlFile(file, screeningSchema);
}
