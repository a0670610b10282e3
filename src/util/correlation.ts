import { createHash } from 'node:crypto';

/**
 * A short, stable stand-in for a conversation in logs and traces. Conversation ids can be personal (on WeChat
 * the id is the person's OpenID), so only this hash leaves the service; staff tools look it up the same way.
 */
export function conversationRef(channelId: string | undefined, conversationId: string | undefined): string {
  return createHash('sha256').update(`${channelId ?? ''}\u0000${conversationId ?? ''}`).digest('base64url').slice(0, 16);
}
