import type { Capabilities } from '../flow/types';
import type { PersonalTable } from '../store/personalTables';

/**
 * One way in, declared once: the bot renders from its capabilities; the staff app lists, filters and labels
 * conversations by its id (label `channel.<id>` in locales/<lang>/staff.json); metrics count by it; erasure and
 * retention empty its personal tables; /api/messages refuses the ids Camino serves itself.
 */
export interface ChannelRegistration {
  id: string;
  /** Served by Camino's own route and adapter, never through the Bot Framework endpoint. */
  selfHosted: boolean;
  capabilities: Capabilities;
  personalTables: readonly PersonalTable[];
}
