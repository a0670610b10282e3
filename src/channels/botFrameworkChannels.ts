import type { ChannelRegistration } from './ChannelRegistration';

const RICH = {
  buttons: { max: Number.POSITIVE_INFINITY, titleMax: Number.POSITIVE_INFINITY },
  cards: true,
  markdown: 'commonmark',
  typing: true,
  media: [],
} as const;

/**
 * Channels that reach Camino through the Bot Framework endpoint (/api/messages): the Emulator, Teams, Azure's own
 * Direct Line, and botbuilder's TestAdapter (channel id `test`, the dialog tests). They render buttons and markdown.
 */
export const BOT_FRAMEWORK_CHANNELS: readonly ChannelRegistration[] = ['emulator', 'msteams', 'directline', 'test'].map((id) => ({
  id,
  selfHosted: false,
  capabilities: RICH,
  personalTables: [],
  hidden: id === 'test',
}));
