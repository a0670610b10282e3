import { z } from 'zod';
import { MAX_TEXT_CHARS } from '../../server/activitySchema';

const userSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ _ - only').optional(),
  name: z.string().max(100).optional(),
});

export const startBodySchema = z.object({ user: userSchema.optional(), locale: z.string().max(35).optional() }).loose();

/** One activity from a Direct Line client. The sender is taken from the token, never from the body. */
export const postedActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(MAX_TEXT_CHARS, `text is limited to ${MAX_TEXT_CHARS} characters`).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(35).optional(),
    name: z.string().max(100).optional(),
    value: z.unknown().optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
    from: z.object({ id: z.string().max(256).optional(), name: z.string().max(100).optional() }).loose().optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not accepted here; please type your message').optional(),
  })
  .loose();

/** Clients send `watermark=` (empty) before they have one. */
export const watermarkSchema = z
  .string()
  .regex(/^\d{0,15}$/, 'watermark must be a whole number')
  .transform((value) => (value === '' ? undefined : Number(value)))
  .optional();
