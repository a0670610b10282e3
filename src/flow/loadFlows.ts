import { loadYamlFile } from '../util/parseWithSchema';
import { z } from 'zod';

const key = z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'an i18next key');
const cardId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a content card id');

const menuItemSchema = z
  .object({
    id: z.string().min(1),
    label: key,
    topic: z.string().optional(),
    action: z.enum(['help', 'contact', 'language']).optional(),
  })
  .refine((item) => Boolean(item.topic) !== Boolean(item.action), 'a menu item has exactly one of topic or action');

export const flowsSchema = z.object({
  mainMenu: z.array(menuItemSchema).min(2),
  topics: z.record(z.string(), z.object({ title: key, policy: z.boolean(), cards: z.array(cardId).min(1) })),
  serviceCards: z.array(cardId),
  contactCard: cardId,
  emergencyCard: cardId,
  synonyms: z.record(z.string(), z.array(z.string().min(1))),
  commands: z.object({
    menu: z.array(z.string().min(1)).min(1),
    /** A greeting on its own ("hola") brings the menu, rather than a search that finds nothing. */
    greetings: z.array(z.string().min(1)).default([]),
  }),
});

export type Flows = z.infer<typeof flowsSchema>;
export type MenuItem = Flows['mainMenu'][number];

/** Checks that everything the flows name exists: topics, cards, and the i18next keys they show. */
export function checkFlowReferences(flows: Flows, cardIds: readonly string[], hasKey: (key: string) => boolean): string[] {
  const problems: string[] = [];
  const known = new Set(cardIds);
  for (const item of flows.mainMenu) {
    if (item.topic && !flows.topics[item.topic]) problems.push(`mainMenu.${item.id}: unknown topic ${item.topic}`);
    if (!hasKey(item.label)) problems.push(`mainMenu.${item.id}: missing text key ${item.label}`);
  }
  for (const [name, topic] of Object.entries(flows.topics)) {
    if (!hasKey(topic.title)) problems.push(`topics.${name}: missing text key ${topic.title}`);
    for (const id of topic.cards) if (!known.has(id)) problems.push(`topics.${name}: unknown card ${id}`);
  }
  for (const id of [...flows.serviceCards, flows.contactCard, flows.emergencyCard]) {
    if (!known.has(id)) problems.push(`unknown card ${id}`);
  }
  return problems;
}

export function loadFlows(file: string): Flows {
  return loadYamlFile(file, flowsSchema);
}
