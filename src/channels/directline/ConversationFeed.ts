/** A notice to a conversation's listeners: the log grew, or an ephemeral activity (typing) to pass on. */
export type FeedNotice = { kind: 'logged' } | { kind: 'ephemeral'; activity: Record<string, unknown> };

/**
 * Tells listeners that a conversation's activity log grew. Listeners read the log themselves from their
 * own watermark, so a missed or doubled notice never loses or repeats an activity. Kept this small so a
 * cross-instance notifier (one process appends, another holds the socket) can replace the in-process one.
 */
export interface ConversationNotifier {
  subscribe(conversationId: string, listener: (notice: FeedNotice) => void): () => void;
  publish(conversationId: string, notice?: FeedNotice): void;
}

/** The in-process notifier: enough while one process serves every socket. */
export class ConversationFeed implements ConversationNotifier {
  private readonly listeners = new Map<string, Set<(notice: FeedNotice) => void>>();

  subscribe(conversationId: string, listener: (notice: FeedNotice) => void): () => void {
    const set = this.listeners.get(conversationId) ?? new Set();
    set.add(listener);
    this.listeners.set(conversationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  /** The conversations someone listens to right now. */
  conversationIds(): string[] {
    return [...this.listeners.keys()];
  }

  publish(conversationId: string, notice: FeedNotice = { kind: 'logged' }): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(notice);
  }
}
