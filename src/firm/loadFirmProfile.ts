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
});

export const firmProfileSchema = z
  .object({
    name: z.string().min(1),
    wechatId: z.string().min(1).optional(),
    email: z.email().optional(),
    offices: z.array(officeSchema).min(1),
  })
  .refine((f) => new Set(f.offices.map((o) => o.id)).size === f.offices.length, 'office ids must be unique');

export type FirmProfile = z.infer<typeof firmProfileSchema>;
export type Office = FirmProfile['offices'][number];

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
