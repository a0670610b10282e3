import type { Activity } from 'botbuilder';
import type { MediaKind } from '../flow/types';

const KINDS: readonly MediaKind[] = ['image', 'voice', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'other'];

/** Channels mark a message that carried media instead of text with `channelData.camino.media`: its kind, or undefined. */
export function mediaKindOf(activity: Partial<Activity>): MediaKind | undefined {
  const channelData: unknown = activity.channelData;
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const camino: unknown = (channelData as { camino?: unknown }).camino;
  if (typeof camino !== 'object' || camino === null) return undefined;
  const media: unknown = (camino as { media?: unknown }).media;
  return KINDS.find((kind) => kind === media);
}

/** The channelData a channel puts on such a message. */
export function mediaChannelData(kind: MediaKind): { camino: { media: MediaKind } } {
  return { camino: { media: kind } };
}
