import { closestComposed, found, lastBefore, textOf, type Found, type PageContext, type SiteAdapter } from './types';

interface ChatRules {
  name: string;
  host: RegExp;
  /** Present only on this tool's pages; lets the adapter work on mirrors and saved pages. */
  marker: string;
  assistant: string;
  user: string;
  messageId: (turn: Element) => Found | undefined;
  model: (turn: Element, doc: Document) => Found | undefined;
  conversation: RegExp;
}

const key = (rules: ChatRules) => rules.name.toLowerCase().replace(/\W+/g, '-');

function idFrom(el: Element | null, attr: string, rule: string): Found | undefined {
  return found(el?.getAttribute(attr), rule);
}

function chatAdapter(rules: ChatRules): SiteAdapter {
  const k = key(rules);
  return {
    name: rules.name,
    matches: (doc) => rules.host.test(doc.location?.hostname ?? '') || !!doc.querySelector(rules.marker),
    read(node, doc): PageContext {
      const aiTool = { value: rules.name, foundBy: `${k}:page` };
      const conversation =
        rules.conversation.exec(doc.location?.pathname ?? '')?.[1] ??
        doc.querySelector('[data-conversation-id]')?.getAttribute('data-conversation-id');
      const conversationId = found(conversation, `${k}:conversation-url-or-attribute`);
      const turn = closestComposed(node, rules.assistant);
      if (!turn) return { aiTool, conversationId };
      const userTurn = lastBefore(doc, rules.user, turn);
      return {
        aiTool,
        conversationId,
        container: turn,
        containerFoundBy: `${k}:${rules.assistant}`,
        prompt: userTurn ? found(textOf(userTurn), `${k}:previous ${rules.user}`) : undefined,
        model: rules.model(turn, doc),
        messageId: rules.messageId(turn),
      };
    },
  };
}

/** The model name from a model picker shown on the page, for tools that do not tag each turn. */
function picker(doc: Document, selector: string, rule: string): Found | undefined {
  return found(textOf(doc.querySelector(selector)), rule);
}

/** ChatGPT: turns carry `data-message-author-role`, `data-message-id` and `data-message-model-slug`. */
export const chatgpt = chatAdapter({
  name: 'ChatGPT',
  host: /(^|\.)(chatgpt\.com|chat\.openai\.com)$/,
  marker: '[data-message-author-role]',
  assistant: '[data-message-author-role="assistant"]',
  user: '[data-message-author-role="user"]',
  messageId: (turn) => idFrom(turn, 'data-message-id', 'chatgpt:data-message-id'),
  model: (turn, doc) =>
    idFrom(turn, 'data-message-model-slug', 'chatgpt:data-message-model-slug') ??
    picker(doc, '[data-testid="model-switcher-dropdown-button"]', 'chatgpt:model-switcher'),
  conversation: /\/c\/([\w-]+)/,
});

/** Claude: replies in `.font-claude-response` (older `.font-claude-message`), prompts in `data-testid="user-message"`. */
export const claude = chatAdapter({
  name: 'Claude',
  host: /(^|\.)claude\.ai$/,
  marker: '[data-testid="user-message"], .font-claude-response, .font-claude-message',
  assistant: '.font-claude-response, .font-claude-message',
  user: '[data-testid="user-message"]',
  messageId: (turn) => idFrom(closestComposed(turn, '[data-message-id]'), 'data-message-id', 'claude:data-message-id'),
  model: (_turn, doc) => picker(doc, '[data-testid="model-selector-dropdown"]', 'claude:model-selector-dropdown'),
  conversation: /\/chat\/([\w-]+)/,
});

/** Gemini: `user-query` and `model-response` elements; the mode picker names the model. */
export const gemini = chatAdapter({
  name: 'Gemini',
  host: /(^|\.)gemini\.google\.com$/,
  marker: 'model-response, user-query',
  assistant: 'model-response',
  user: 'user-query',
  messageId: (turn) => {
    const content = turn.querySelector('[id^="message-content-id-"]');
    return found(content?.id.replace(/^message-content-id-/, ''), 'gemini:message-content id');
  },
  model: (_turn, doc) =>
    picker(doc, '[data-test-id="bard-mode-menu-button"], bard-mode-switcher button', 'gemini:mode-menu-button'),
  conversation: /\/app\/([\w-]+)/,
});

/** Microsoft Copilot: turns tagged `data-content="ai-message"` / `"user-message"`. */
export const copilot = chatAdapter({
  name: 'Microsoft Copilot',
  host: /(^|\.)copilot\.microsoft\.com$/,
  marker: '[data-content="ai-message"], [data-content="user-message"]',
  assistant: '[data-content="ai-message"]',
  user: '[data-content="user-message"]',
  messageId: (turn) => idFrom(closestComposed(turn, '[data-message-id]'), 'data-message-id', 'copilot:data-message-id'),
  model: (_turn, doc) => picker(doc, '[data-testid="composer-chat-mode-button"]', 'copilot:chat-mode-button'),
  conversation: /\/chats\/([\w-]+)/,
});
