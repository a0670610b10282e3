import { loadYamlFile, parseWithSchema } from '../util/parseWithSchema';
import { z } from 'zod';
import { LOCALES } from '../content/cardSchema';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone numbers are stored in E.164 form, e.g. +16267956777');
const localized = z.object({ en: z.string().min(1), es: z.string().min(1), zh: z.string().min(1) });

const officeSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: localized,
  phones: z.array(e164).min(1),
  wechatId: z.string().min(1).optional(),
  email: z.email().optional(),
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone').optional(),
  hours: localized.optional(),
  languages: z.array(z.enum(LOCALES)).optional(),
  regions: z.array(z.enum(['us', 'mexico', 'elsewhere'])).min(1),
  /** Never the office a person is sent to: shown as one more line under the office to people in its regions. */
  extraLine: z.boolean().default(false),
});

const textKey = z.string().regex(/^([a-z]+:)?[A-Za-z0-9_.-]+$/, 'a text key such as greeting.hello or screening:consent.prompt');

/**
 * Keys of the texts (locales/<lang>/<namespace>.json) in which the bot says what it is and is not. An operator may
 * point them at reworded texts; start-up checks that each exists in every language.
 */
const disclaimersSchema = z.object({
  /** The first message: an automated assistant, not a lawyer, no attorney–client relationship. Gets {{firm}}. */
  greeting: textKey,
  /** Once per topic: rules change, general information, not legal advice. */
  notLegalAdvice: textKey,
  /** Before any screening question: what is asked, why, who sees it, how long it is kept. Gets {{days}}. */
  consent: textKey,
});

export const firmProfileSchema = z
  .object({
    name: z.string().min(1),
    disclaimers: disclaimersSchema,
    wechatId: z.string().min(1).optional(),
    email: z.email().optional(),
    offices: z.array(officeSchema).min(1),
  })
  .refine((f) => new Set(f.offices.map((o) => o.id)).size === f.offices.length, 'office ids must be unique')
  .refine((f) => f.offices.some((o) => !o.extraLine), 'at least one office must not be an extraLine');

export type FirmProfile = z.infer<typeof firmProfileSchema>;
export type Office = FirmProfile['offices'][number];
export type Disclaimers = FirmProfile['disclaimers'];

/** The disclaimer keys that are missing in some language, as readable problems. */
export function checkDisclaimerKeys(firm: FirmProfile, hasText: (key: string) => boolean): string[] {
  return Object.entries(firm.disclaimers)
    .filter(([, key]) => !hasText(key))
    .map(([name, key]) => `disclaimers.${name}: no text "${key}" in every language`);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseFirmProfile(data: unknown, source = 'firm profile'): FirmProfile {
  return parseWithSchema(firmProfileSchema, data, source);
}

export function loadFirmProfile(file: string): FirmProfile {
  return loadYamlFile(file, firmProfileSchema);
}
