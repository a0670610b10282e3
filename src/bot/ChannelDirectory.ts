import type { Capabilities } from '../flow/types';
import type { PersonalTable } from '../store/personalTables';

/**
 * What the bot needs to know about channels, answered from their registrations (src/channels/channelRegistry.ts):
 * how to render for one, and which of its tables "delete my data" must empty.
 */
export interface ChannelDirectory {
  capabilitiesFor(channelId: string | undefined): Capabilities;
  personalTablesOf(channelId: string): readonly PersonalTable[];
}
