import type { Capabilities } from '../flow/types';

/** Channels that show suggested actions as buttons and render markdown; others get numbered plain text. */
const RICH_CHANNELS = new Set(['webchat', 'directline', 'emulator', 'msteams', 'test']);

export function capabilitiesFor(channelId: string | undefined): Capabilities {
  const rich = RICH_CHANNELS.has(channelId ?? '');
  return { buttons: rich, markdown: rich };
}
