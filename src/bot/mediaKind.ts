import type { Activity } from 'botbuilder';
import type { MediaKind } from '../flow/types';
import { readCaminoData } from './caminoChannelData';

const KINDS: readonly MediaKind[] = ['image', 'voice', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'other'];

/** Channels mark a message that carried media instead of text with `channelData.camino.media`: its kind, or undefined. */
export function mediaKindOf(activity: Partial<Activity>): MediaKind | undefined {
  const media = readCaminoData(activity).media;
  return KINDS.find((kind) => kind === media);
}

/** The channelData a channel puts on such a message. */
export function mediaChannelData(kind: MediaKind): { camino: { media: MediaKind } } {
  return { camino: { media: kind } };
}
