import type { ChannelRegistration } from '../ChannelRegistration';
import { DIRECTLINE_CHANNEL } from './DirectLineAdapter';

/** The website chat (Web Chat over Camino's own Direct Line): buttons for every choice, CommonMark, typing. */
export const directLineChannel: ChannelRegistration = {
  id: DIRECTLINE_CHANNEL,
  selfHosted: true,
  capabilities: {
    buttons: { max: Number.POSITIVE_INFINITY, titleMax: Number.POSITIVE_INFINITY },
    cards: true,
    markdown: 'commonmark',
    typing: true,
    // The page hides Web Chat's upload button: only text arrives.
    media: [],
  },
  personalTables: [],
};
