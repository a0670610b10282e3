import { z } from 'zod';

/** A body that is not Meta's webhook shape: 400, no turn. */
export class WhatsAppBodyError extends Error {}

const messageSchema = z
  .object({
    from: z.string().regex(/^\d{6,20}$/, 'a WhatsApp number in digits'),
    id: z.string().min(1).max(512),
    timestamp: z.string().regex(/^\d{1,12}$/),
    type: z.string().min(1).max(40),
    text: z.object({ body: z.string().max(65_536) }).loose().optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).loose().optional(),
        list_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).loose().optional(),
      })
      .loose()
      .optional(),
    button: z.object({ payload: z.string().max(1024).optional(), text: z.string().max(1024) }).loose().optional(),
  })
  .loose();

const statusSchema = z
  .object({
    id: z.string().min(1).max(512),
    status: z.string().min(1).max(40),
    timestamp: z.string().regex(/^\d{1,12}$/).optional(),
    recipient_id: z.string().regex(/^\d{6,20}$/).optional(),
    errors: z.array(z.object({ code: z.number().int() }).loose()).optional(),
  })
  .loose();

const valueSchema = z
  .object({
    metadata: z.object({ phone_number_id: z.string().min(1).max(64) }).loose(),
    messages: z.array(z.unknown()).max(1000).optional(),
    statuses: z.array(z.unknown()).max(1000).optional(),
  })
  .loose();

const webhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(z.object({ id: z.string().optional(), changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()).max(1000) }).loose())
    .max(1000),
});

export type WhatsAppMessage = z.infer<typeof messageSchema>;
export type WhatsAppStatus = z.infer<typeof statusSchema>;

export interface WhatsAppDelivery {
  /** Messages and statuses addressed to this phone number id; others (another number of the same app) are left out. */
  messages: WhatsAppMessage[];
  statuses: WhatsAppStatus[];
  /** Entries left out because their shape was not understood (counted for the log, never shown). */
  skipped: number;
}

/**
 * Parses a verified body into what Camino acts on. The envelope must be Meta's (else WhatsAppBodyError); a single
 * message or status of an unexpected shape is skipped and counted, so one odd item never makes Meta retry the rest.
 */
export function parseWhatsAppWebhook(raw: Buffer, phoneNumberId: string): WhatsAppDelivery {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WhatsAppBodyError('the body is not JSON');
  }
  const envelope = webhookSchema.safeParse(json);
  if (!envelope.success) throw new WhatsAppBodyError(`not a WhatsApp webhook: ${envelope.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  const delivery: WhatsAppDelivery = { messages: [], statuses: [], skipped: 0 };
  for (const change of envelope.data.entry.flatMap((e) => e.changes)) {
    if (change.field !== 'messages') continue;
    const value = valueSchema.safeParse(change.value);
    if (!value.success) {
      delivery.skipped += 1;
      continue;
    }
    if (value.data.metadata.phone_number_id !== phoneNumberId) continue;
    for (const item of value.data.messages ?? []) {
      const message = messageSchema.safeParse(item);
      if (message.success) delivery.messages.push(message.data);
      else delivery.skipped += 1;
    }
    for (const item of value.data.statuses ?? []) {
      const status = statusSchema.safeParse(item);
      if (status.success) delivery.statuses.push(status.data);
      else delivery.skipped += 1;
    }
  }
  return delivery;
}
