import nodemailer from 'nodemailer';
import type { HandoffConfig } from '../config/loadConfig';
import type { FirmProfile } from '../firm/loadFirmProfile';
import type { NotificationTarget } from './handoffTables';
import { EmailNotifier, type Notifier, WebhookNotifier } from './notifiers';

/** The notifiers the configuration turns on; their keys are the outbox targets new leads are queued for. */
export function createNotifiers(config: HandoffConfig, firm: FirmProfile): Partial<Record<NotificationTarget, Notifier>> {
  const notifiers: Partial<Record<NotificationTarget, Notifier>> = {};
  if (config.webhook) notifiers.webhook = new WebhookNotifier(config.webhook);
  if (config.email) {
    const transport = nodemailer.createTransport(config.email.smtpUrl);
    notifiers.email = new EmailNotifier(transport, { from: config.email.from, to: config.email.to, firm });
  }
  return notifiers;
}

export function targetsOf(notifiers: Partial<Record<NotificationTarget, Notifier>>): NotificationTarget[] {
  const targets: NotificationTarget[] = [];
  if (notifiers.webhook) targets.push('webhook');
  if (notifiers.email) targets.push('email');
  return targets;
}
