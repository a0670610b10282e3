import fs from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';

/** Validates data against a schema; the error names the source and every bad field. */
export function parseWithSchema<T>(schema: z.ZodType<T>, data: unknown, source: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Reads one of the YAML data files (dialogs/*.yaml) and validates it. */
export function loadYamlFile<T>(file: string, schema: z.ZodType<T>): T {
  return parseWithSchema(schema, YAML.parse(fs.readFileSync(file, 'utf8')), file);
}
