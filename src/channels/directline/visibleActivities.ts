/** What a Direct Line client sees of the log: messages and events, not the conversationUpdate the channel sent. */
export function isVisibleToClient(activity: Record<string, unknown>): boolean {
  return activity.type === 'message' || activity.type === 'event';
}
