import { chatAdapter, chatTurn, modelFound, panelPrompt, type Turn } from './chat';
import { closestComposed, found, lastBefore, textOf } from './types';

const GPT_UNIT = '[data-chatgpt-search-message-ids]';
const GPT_USER_BUBBLE = '[data-user-message-bubble]';

/**
 * ChatGPT's layout measured from 2026-09: no `data-message-author-role` any more; one
 * `[data-turn-key]` holds a prompt and its answer, the answer unit is marked by a hidden
 * `h4[data-conversation-role="assistant"]` and lists its message ids.
 */
function chatgptPairTurn(node: Node, doc: Document): Turn | null {
  const unit = closestComposed(node, GPT_UNIT);
  if (!unit?.querySelector(':scope > [data-conversation-role="assistant"]')) return null;
  const pair = unit.closest('[data-turn-key]');
  return {
    turn: unit,
    container: unit,
    containerFoundBy: 'chatgpt:[data-conversation-role="assistant"] unit',
    prompt: pair?.querySelector(GPT_USER_BUBBLE) ?? lastBefore(doc, GPT_USER_BUBBLE, unit),
    promptFoundBy: `chatgpt:${GPT_USER_BUBBLE} of the turn`,
  };
}

/**
 * ChatGPT: turns carry `data-message-author-role`, `data-message-id` and, when the model is known,
 * `data-message-model-slug` (a Deep Research report has none). The switcher's visible text is the
 * product name; its label ("Model selector, current model is 5.2") names the current setting.
 */
export const chatgpt = chatAdapter({
  name: 'ChatGPT',
  key: 'chatgpt',
  host: /(^|\.)(chatgpt\.com|chat\.openai\.com)$/,
  marker: '[data-message-author-role], [data-conversation-role], [data-user-message-bubble]',
  turn: (node, doc) =>
    chatTurn(node, doc, 'chatgpt', '[data-message-author-role="assistant"]', '[data-message-author-role="user"]') ??
    chatgptPairTurn(node, doc),
  messageId: (turn) =>
    found(turn.getAttribute('data-message-id'), 'chatgpt:data-message-id') ??
    found(
      turn.querySelector('[data-chatgpt-selection-message-id]')?.getAttribute('data-chatgpt-selection-message-id'),
      'chatgpt:data-chatgpt-selection-message-id',
    ) ??
    found(
      turn.getAttribute('data-chatgpt-search-message-ids')?.split(/\s+/)[0],
      'chatgpt:data-chatgpt-search-message-ids',
    ),
  model: (turn, doc) => {
    const own = modelFound(turn.getAttribute('data-message-model-slug'), 'chatgpt', 'turn', 'data-message-model-slug');
    if (own) return own;
    const picker = doc.querySelector('[data-testid="model-switcher-dropdown-button"]');
    const label = /current model is (.+)$/i.exec(picker?.getAttribute('aria-label') ?? '')?.[1];
    return (
      modelFound(label, 'chatgpt', 'picker', 'model-switcher aria-label') ??
      modelFound(textOf(picker), 'chatgpt', 'picker', 'model-switcher')
    );
  },
  // `/c/<id>`, in a project or GPT `/g/<gpt>/c/<id>`, and shared links `/share/<id>`.
  conversation: /\/(?:c|share)\/([\w-]+)/,
});

/** Replies: `.font-claude-response` (older `.font-claude-message`); from 2026-10 `assistant-message`. */
const CLAUDE_ANSWER = '.font-claude-response, .font-claude-message, [data-testid="assistant-message"]';
const CLAUDE_USER = '[data-testid="user-message"]';
/** The artifact panel beside the chat (documents, reports, code). */
const CLAUDE_PANEL = '#markdown-artifact';

/**
 * Claude: replies in `.font-claude-response` (older `.font-claude-message`), prompts in
 * `data-testid="user-message"`. The artifact panel uses the same reply class but sits beside the
 * chat: its prompt is the one before the reply that shows the artifact's title.
 */
export const claude = chatAdapter({
  name: 'Claude',
  key: 'claude',
  host: /(^|\.)claude\.ai$/,
  marker: `${CLAUDE_USER}, .font-claude-response, .font-claude-message, [data-cds="AssistantMessage"]`,
  turn: (node, doc) => {
    const panel = closestComposed(node, CLAUDE_PANEL);
    if (!panel) return chatTurn(node, doc, 'claude', CLAUDE_ANSWER, CLAUDE_USER);
    const title = textOf(panel.querySelector('h1, h2'));
    return {
      turn: panel,
      container: panel,
      containerFoundBy: `claude:${CLAUDE_PANEL}`,
      prompt: panelPrompt(doc, title, '[data-is-streaming]', CLAUDE_USER),
      promptFoundBy: `claude:${CLAUDE_USER} before the reply showing the artifact title`,
    };
  },
  messageId: (turn) =>
    found(closestComposed(turn, '[data-message-id]')?.getAttribute('data-message-id'), 'claude:data-message-id'),
  model: (_turn, doc) =>
    modelFound(
      textOf(doc.querySelector('[data-testid="model-selector-dropdown"]')),
      'claude',
      'picker',
      'model-selector-dropdown',
    ),
  // `/chat/<id>` (also inside a project) and shared links `/share/<id>`.
  conversation: /\/(?:chat|share)\/([\w-]+)/,
});

const GEMINI_PANEL = 'deep-research-immersive-panel, immersive-panel';

/**
 * Gemini: `user-query` and `model-response` elements, the answer in `message-content`. Hidden
 * labels ("Gemini の回答", "あなたのプロンプト") are left out by the visible-text reader. The composer's
 * mode menu ("Fast", "高速モード") is a mode, not a model, so no model is read. Deep Research reports
 * open in a panel outside `model-response`.
 */
export const gemini = chatAdapter({
  name: 'Gemini',
  key: 'gemini',
  host: /(^|\.)gemini\.google\.com$/,
  marker: `model-response, user-query, ${GEMINI_PANEL}`,
  turn: (node, doc) => {
    const panel = closestComposed(node, GEMINI_PANEL);
    if (panel) {
      const report =
        panel.querySelector('#extended-response-markdown-content') ?? panel.querySelector('message-content') ?? panel;
      return {
        turn: panel,
        container: report,
        containerFoundBy: 'gemini:deep-research panel',
        prompt: panelPrompt(doc, textOf(panel.querySelector('.title-text')), 'model-response', 'user-query'),
        promptFoundBy: 'gemini:user-query before the response showing the report title',
      };
    }
    const turn = chatTurn(node, doc, 'gemini', 'model-response', 'user-query');
    const content = turn && closestComposed(node, 'message-content');
    return turn && content ? { ...turn, container: content, containerFoundBy: 'gemini:message-content' } : turn;
  },
  messageId: (turn) => {
    const content = turn.querySelector('[id^="message-content-id-"]');
    return found(content?.id.replace(/^message-content-id-/, ''), 'gemini:message-content id');
  },
  model: () => undefined,
  // `/app/<id>` (also `/u/<n>/app/<id>` for a second account), `/gem/<gem>/<id>`, `/share/<id>`.
  conversation: /\/(?:app|share|gem\/[\w-]+)\/([\w-]+)/,
});

/** Copilot's composer mode button: `composer-chat-mode-smart-button`, `…-reasoning-button`, … */
const COPILOT_MODE = '[data-testid^="composer-chat-mode-"][data-testid$="-button"]';
/** An answer listing its parts: `aria-labelledby="<id>-author <id>-content-0 <id>-content-1 …"`. */
const COPILOT_LABELLED = '[aria-labelledby*="-author"]';
/** Microsoft 365 Copilot: one exchange, the answer in it, its body, and the question. */
const M365_EXCHANGE = '[data-testid="m365-chat-llm-web-ui-chat-message"]';
const M365_ANSWER = '[data-testid="copilot-message-div"]';
const M365_BODY = '[data-testid="markdown-reply"]';
const M365_QUESTION = '[data-testid="chatQuestion"]';

/**
 * Microsoft 365 Copilot has no `data-content`: an exchange holds the question and the answer. The
 * answer's body leaves out its hidden "Copilot said: " heading and the action row; the question's
 * `chatOutput` leaves out its hidden "You said: " heading (both hidden by generated CSS classes,
 * which the visible-text reader cannot recognise).
 */
function m365Turn(node: Node, doc: Document): Turn | null {
  const turn = closestComposed(node, M365_ANSWER);
  if (!turn) return null;
  const body = closestComposed(node, M365_BODY);
  const question = turn.closest(M365_EXCHANGE)?.querySelector(M365_QUESTION) ?? lastBefore(doc, M365_QUESTION, turn);
  return {
    turn,
    container: body && turn.contains(body) ? body : turn,
    containerFoundBy: body ? `copilot:${M365_BODY}` : `copilot:${M365_ANSWER}`,
    prompt: question?.querySelector('[data-testid="chatOutput"]') ?? question,
    promptFoundBy: `copilot:chatOutput of ${M365_QUESTION}`,
  };
}

/**
 * Microsoft Copilot. copilot.com and copilot.microsoft.com tag turns `data-content="ai-message"` /
 * `"user-message"`; the message id is in `aria-labelledby`, whose list of content parts can be
 * any length, and in element ids `<id>-author`, `<id>-content-N`. Microsoft 365 Copilot marks
 * turns by test ids and puts the message id on the answer body. The mode button names a model
 * only in parentheses ("Smart (GPT-5)").
 */
export const copilot = chatAdapter({
  name: 'Microsoft Copilot',
  key: 'copilot',
  host: /(^|\.)(copilot\.microsoft\.com|copilot\.com|copilot\.cloud\.microsoft|m365\.cloud\.microsoft)$/,
  marker: `[data-content="ai-message"], [data-content="user-message"], ${M365_ANSWER}, ${M365_QUESTION}`,
  turn: (node, doc) =>
    chatTurn(node, doc, 'copilot', '[data-content="ai-message"]', '[data-content="user-message"]') ??
    m365Turn(node, doc),
  messageId: (turn) => {
    const labelled = closestComposed(turn, COPILOT_LABELLED) ?? turn.querySelector(COPILOT_LABELLED);
    const fromLabel = /(?:^|\s)(\S+)-author(?:\s|$)/.exec(labelled?.getAttribute('aria-labelledby') ?? '')?.[1];
    const authorId = turn.querySelector('[id$="-author"]')?.id.replace(/-author$/, '');
    return (
      found(fromLabel, 'copilot:aria-labelledby list') ??
      found(
        turn.querySelector(`${M365_BODY}[data-message-id]`)?.getAttribute('data-message-id'),
        'copilot:markdown-reply data-message-id',
      ) ??
      found(authorId, 'copilot:author element id')
    );
  },
  model: (_turn, doc) => {
    const button = doc.querySelector(COPILOT_MODE);
    const label = [button?.getAttribute('title'), button?.getAttribute('aria-label'), textOf(button)].find((l) =>
      /\(([^)]+)\)/.test(l ?? ''),
    );
    return modelFound(/\(([^)]+)\)/.exec(label ?? '')?.[1], 'copilot', 'picker', 'chat-mode-button');
  },
  // copilot.com `/chats/<id>`; Microsoft 365 Copilot `/chat/conversation/<uuid>`.
  conversation: /\/(?:chats|chat\/conversation)\/([\w-]+)/,
});
