import { randomBytes } from 'node:crypto';
import { FieldCipher, identifyKey } from '../../crypto/FieldCipher';
import { eraseConversation, type ErasureReport, type ErasureRequest } from '../../handoff/eraseConversation';
import { HandoffStore } from '../../handoff/HandoffStore';
import type { NotificationTarget } from '../../handoff/handoffTables';
import { LeadRepository } from '../../handoff/LeadRepository';
import type { Database } from '../../store/openDatabase';
import type { PersonalTable } from '../../store/personalTables';
import type { TranscriptRepository } from '../../store/TranscriptRepository';

/** What the screening and "delete my data" need from storage. */
export interface ScreeningServices {
  leads: LeadRepository;
  handoffs: HandoffStore;
  transcripts: TranscriptRepository;
  /** "Delete my data": leads, activity log and state of a conversation, in one transaction. */
  erase(request: ErasureRequest): Promise<ErasureReport>;
  /** Wakes the outbox worker after a lead was written (a no-op when nothing delivers notifications). */
  notify(): void;
}

export interface ScreeningServiceOptions {
  database: Database;
  transcripts: TranscriptRepository;
  /**
   * Seals contact details and answers. Absent only in tests: a random key that lives as long as the process,
   * so nothing stored can be read after a restart.
   */
  cipher?: FieldCipher;
  targets?: readonly NotificationTarget[];
  notify?: () => void;
  /** The channel's tables that name the person, emptied with the conversation. */
  personalTablesOf?: (channelId: string) => readonly PersonalTable[];
}

export function createScreeningServices(options: ScreeningServiceOptions): ScreeningServices {
  const cipher = options.cipher ?? new FieldCipher(identifyKey(randomBytes(32)));
  return {
    leads: new LeadRepository(options.database, cipher, options.targets ?? []),
    handoffs: new HandoffStore(options.database, cipher),
    transcripts: options.transcripts,
    erase: (request) => eraseConversation(options.database, request, { personalTables: options.personalTablesOf?.(request.channelId) ?? [] }),
    notify: options.notify ?? (() => undefined),
  };
}
