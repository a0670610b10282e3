import type { ChannelDirectory } from '../bot/ChannelDirectory';
import type { Capabilities } from '../flow/types';
import type { PersonalTable } from '../store/personalTables';
import { BOT_FRAMEWORK_CHANNELS } from './botFrameworkChannels';
import type { ChannelRegistration } from './ChannelRegistration';
import { directLineChannel } from './directline/directLineChannel';
import { wechatChannel } from './wechat/wechatChannel';
import { whatsappChannel } from './whatsapp/whatsappChannel';

/** Every channel Camino knows. A new way in is one folder under src/channels and one line here. */
export const CHANNELS: readonly ChannelRegistration[] = [directLineChannel, wechatChannel, whatsappChannel, ...BOT_FRAMEWORK_CHANNELS];

/** A channel nobody registered gets plain text with numbered choices: readable everywhere. */
const PLAIN: Capabilities = { cards: false, typing: false, media: [] };

export function findChannel(channelId: string | undefined): ChannelRegistration | undefined {
  return CHANNELS.find((c) => c.id === channelId);
}

/** The channel ids Camino serves through its own routes: never to be accepted from the Bot Framework endpoint. */
export function selfHostedChannelIds(): string[] {
  return CHANNELS.filter((c) => c.selfHosted).map((c) => c.id);
}

/** Every channel table that names a person, for the retention purge. */
export function allPersonalTables(): PersonalTable[] {
  return CHANNELS.flatMap((c) => c.personalTables);
}

/** The registrations as the bot asks for them. */
export const channelDirectory: ChannelDirectory = {
  capabilitiesFor: (channelId) => findChannel(channelId)?.capabilities ?? PLAIN,
  personalTablesOf: (channelId) => findChannel(channelId)?.personalTables ?? [],
};
