import fs from 'node:fs';
import { z } from 'zod';
import { loadYamlFile } from '../util/parseWithSchema';

export const DEFAULT_REVIEW_EVERY_DAYS = 90;

export const contentSettingsSchema = z.object({
  /** A card is due for review this many days after its asOf date. */
  reviewEveryDays: z.number().int().min(1).max(3650).default(DEFAULT_REVIEW_EVERY_DAYS),
  /** Timeline lines shown at once. */
  timelinePageSize: z.number().int().min(3).max(20).default(7),
  /** What one phone screen shows; a card needing more than `screens` of them is refused by the content check. */
  phone: z
    .object({
      lineChars: z.object({ latin: z.number().int().min(10).max(200), cjk: z.number().int().min(5).max(100) }),
      screenLines: z.number().int().min(5).max(100),
      screens: z.number().int().min(1).max(10),
    })
    .default({ lineChars: { latin: 38, cjk: 19 }, screenLines: 20, screens: 2 }),
});

export type ContentSettings = z.infer<typeof contentSettingsSchema>;

/** `dialogs/content.yaml`; without the file, the defaults (a review every 90 days). */
export function loadContentSettings(file: string): ContentSettings {
  if (!fs.existsSync(file)) return contentSettingsSchema.parse({});
  return loadYamlFile(file, contentSettingsSchema);
}
