import { z } from 'zod';
import { loadYamlFile } from '../../util/parseWithSchema';

const languageCode = z.string().regex(/^[a-z]{2,3}(_[A-Z][A-Za-z]{1,3})?$/, 'a WhatsApp template language code such as en_US, es_MX or zh_CN');

const settingsSchema = z.object({
  reengagementTemplate: z
    .object({
      name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name as WhatsApp Manager writes it: lowercase letters, digits and _'),
      languages: z.object({ en: languageCode, es: languageCode, zh: languageCode }),
    })
    .nullable(),
});

export type WhatsAppSettings = z.infer<typeof settingsSchema>;
export type ReengagementTemplate = NonNullable<WhatsAppSettings['reengagementTemplate']>;

/** dialogs/whatsapp.yaml: the optional template that invites a person back once the 24-hour window has closed. */
export function loadWhatsAppSettings(file: string): WhatsAppSettings {
  return loadYamlFile(file, settingsSchema);
}
