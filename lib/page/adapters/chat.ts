import { closestComposed, found, lastBefore, textOf, type Found, type PageContext, type SiteAdapter } from './types';

/** Where the answer a selection is in lives, and how the adapter recognised it. */
export interface Turn {
  /** The element of the whole answer (message, report or artifact panel). */
  turn: Element;
  /** The element whose text is the answer, without the tool's labels around it. */
  container: Element;
  containerFoundBy: string;
  /** The user message that produced this answer; null when the page does not show it. */
  prompt: Element | null;
  promptFoundBy: string;
}

export interface ChatRules {
  name: string;
  /** Prefix of every `foundBy` rule of this tool. */
  key: string;
  host: RegExp;
  /** Present only on this tool's pages; lets the adapter work on mirrors and saved pages. */
  marker: string;
  turn: (node: Node, doc: Document) => Turn | null;
  messageId: (turn: Element) => Found | undefined;
  model: (turn: Element, doc: Document) => Found | undefined;
  /** Conversation (or shared-conversation) id in the path, in group 1. */
  conversation: RegExp;
}

/** Product names: what a model picker shows when no model is chosen; never a model. */
const PRODUCTS = /^(chatgpt|claude|gemini|copilot|microsoft copilot|deep research)$/i;

/**
 * A model read from the turn itself (`<tool>:turn:…`) or from the model picker (`<tool>:picker:…`):
 * the picker shows the current setting, which need not be the model that wrote an older turn.
 */
export function modelFound(value: string | null | undefined, key: string, from: 'turn' | 'picker', rule: string) {
  const clean = value?.replace(/\s+/g, ' ').trim();
  if (!clean || PRODUCTS.test(clean)) return undefined;
  return found(clean, `${key}:${from}:${rule}`);
}

/** The turn for a plain chat: the assistant message holding `node`, the user message before it. */
export function chatTurn(node: Node, doc: Document, key: string, assistant: string, user: string): Turn | null {
  const turn = closestComposed(node, assistant);
  if (!turn) return null;
  return {
    turn,
    container: turn,
    containerFoundBy: `${key}:${assistant}`,
    prompt: lastBefore(doc, user, turn),
    promptFoundBy: `${key}:previous ${user}`,
  };
}

/**
 * The prompt of a panel beside the chat (report, artifact, canvas): the panel is not in the
 * thread, so the user message before it in the page is merely the latest one. The answer that
 * opened the panel shows the panel's title; its prompt is the one before that answer.
 */
export function panelPrompt(doc: Document, title: string, answers: string, user: string): Element | null {
  const wanted = title.replace(/\s+/g, ' ').trim();
  if (!wanted) return null;
  const all = doc.querySelectorAll(answers);
  for (let i = all.length - 1; i >= 0; i--) {
    const answer = all[i]!;
    if (textOf(answer).includes(wanted)) return lastBefore(doc, user, answer);
  }
  return null;
}

/**
 * A marker in an ancestor of `node`, or in the nearest siblings of its nearest ancestors (the
 * other turns of the thread): enough to recognise a saved or mirrored page without reading it all.
 */
function nearMarker(node: Node, marker: string, levels = 4, siblings = 50): boolean {
  if (closestComposed(node, marker)) return true;
  let el: Element | null = node instanceof Element ? node : node.parentElement;
  for (let i = 0; el && i < levels; i++, el = el.parentElement) {
    let before = el.previousElementSibling;
    let after = el.nextElementSibling;
    for (let n = 0; n < siblings && (before || after); n++) {
      if (before?.matches(marker) || after?.matches(marker)) return true;
      before = before?.previousElementSibling ?? null;
      after = after?.nextElementSibling ?? null;
    }
  }
  return false;
}

export function chatAdapter(rules: ChatRules): SiteAdapter {
  const { key } = rules;
  return {
    name: rules.name,
    matches: (doc, node) => rules.host.test(doc.location?.hostname ?? '') || nearMarker(node, rules.marker),
    read(node, doc): PageContext {
      const aiTool = { value: rules.name, foundBy: `${key}:page` };
      const conversation =
        rules.conversation.exec(doc.location?.pathname ?? '')?.[1] ??
        closestComposed(node, '[data-conversation-id]')?.getAttribute('data-conversation-id');
      const conversationId = found(conversation, `${key}:conversation-url-or-attribute`);
      const turn = rules.turn(node, doc);
      if (!turn) return { aiTool, conversationId };
      return {
        aiTool,
        conversationId,
        container: turn.container,
        containerFoundBy: turn.containerFoundBy,
        prompt: turn.prompt ? found(textOf(turn.prompt), turn.promptFoundBy) : undefined,
        model: rules.model(turn.turn, doc),
        messageId: rules.messageId(turn.turn),
      };
    },
  };
}
