import type { Flows } from './loadFlows';
import type { FlowNode } from './types';

/** Where a step goes: pure functions of the flows in dialogs/flows.yaml. */

/** The topic a card belongs to, and its place in it. */
export function topicOf(flows: Flows, card: string): { topic: string; index: number } | undefined {
  for (const [topic, def] of Object.entries(flows.topics)) {
    const index = def.cards.indexOf(card);
    if (index >= 0) return { topic, index };
  }
  return undefined;
}

/** The content card a person sees at a step, if the step shows one. */
export function cardShownAt(flows: Flows, node: FlowNode): string | undefined {
  if (node.kind === 'topic') return flows.topics[node.topic].cards[node.index];
  if (node.kind === 'answer') return node.card;
  if (node.kind === 'contact') return flows.contactCard;
  if (node.kind === 'safety') return flows.emergencyCard;
  return undefined;
}

/** The firm's contact card comes with the office list, the emergency card with the safety choices. */
export function nodeForCard(flows: Flows, card: string, current: FlowNode): FlowNode {
  if (card === flows.contactCard) return { kind: 'contact', reason: 'contact' };
  if (card === flows.emergencyCard) return { kind: 'safety', resume: current.kind === 'safety' ? current.resume : current };
  return { kind: 'answer', card };
}

/** The step after `node` when the person picks `value`. */
export function nextNode(flows: Flows, node: FlowNode, value: string): FlowNode {
  if (value === 'menu') return { kind: 'menu' };
  if (value === 'person' || value === 'help') return { kind: 'contact', reason: 'help' };
  if (value === 'urgent') return { kind: 'contact', reason: 'urgent' };
  if (value === 'contact') return { kind: 'contact', reason: 'contact' };
  if (value.startsWith('card:')) return nodeForCard(flows, value.slice('card:'.length), node);
  // The next page of a timeline card, at the same step.
  if (value === 'earlier' && (node.kind === 'topic' || node.kind === 'answer')) return { ...node, page: (node.page ?? 0) + 1 };
  switch (node.kind) {
    case 'menu': {
      const item = flows.mainMenu.find((m) => m.id === value);
      if (item?.topic) return { kind: 'topic', topic: item.topic, index: 0 };
      return value === 'language' ? { kind: 'language' } : { kind: 'menu' };
    }
    case 'topic':
      return topicStep(flows, node.topic, node.index + 1);
    case 'answer': {
      const home = topicOf(flows, node.card);
      return home ? topicStep(flows, home.topic, home.index + 1) : { kind: 'menu' };
    }
    case 'safety':
      return node.resume ?? { kind: 'menu' };
    default:
      return { kind: 'menu' };
  }
}

function topicStep(flows: Flows, topic: string, index: number): FlowNode {
  return index < flows.topics[topic].cards.length ? { kind: 'topic', topic, index } : { kind: 'topicEnd', topic };
}
