import { z } from 'zod';

export const MAX_TEXT_CHARS = 5000;

const account = z.object({ id: z.string().min(1).max(256) }).loose();

/**
 * The fields botbuilder needs to run a turn; everything else passes through untouched. Checked before
 * CloudAdapter sees the body, so a broken activity gets a 400 naming the field instead of a failed turn.
 */
export const incomingActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().min(1).max(2048),
    conversation: account,
    from: account,
    recipient: account.optional(),
    id: z.string().max(256).optional(),
    text: z.string().max(MAX_TEXT_CHARS, `text is limited to ${MAX_TEXT_CHARS} characters`).optional(),
    locale: z.string().max(35).optional(),
  })
  .loose();

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`)
    .join('; ');
}
