import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';

const stepSchema = z.object({
  user: z.union([z.string(), z.object({ event: z.string() }), z.object({ join: z.literal(true) })]),
  bot: z.array(z.string()),
  locale: z.string().optional(),
});
export const goldenSchema = z.object({
  description: z.string(),
  channelLocale: z.string().optional(),
  /** The channel the conversation runs on: `test` shows buttons; `wechat` numbered lines. */
  channel: z.string().optional(),
  steps: z.array(stepSchema).min(1),
});

export type Golden = z.infer<typeof goldenSchema>;
export type GoldenStep = Golden['steps'][number];

/** The golden conversations (one short conversation per file in test/golden), sorted by name. */
export const GOLDEN_FILES = fs.readdirSync(__dirname).filter((f) => f.endsWith('.yaml')).sort();

export function readGolden(file: string): Golden {
  return goldenSchema.parse(YAML.parse(fs.readFileSync(path.join(__dirname, file), 'utf8')));
}
