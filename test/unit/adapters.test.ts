import { describe, expect, it } from 'vitest';
import { readContext } from '../../lib/adapters';

function mount(html: string): void {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)));
}

/** The first text node under `selector`. */
function textIn(selector: string): Node {
  const el = document.querySelector(selector);
  const walker = document.createTreeWalker(el!, NodeFilter.SHOW_TEXT);
  const node = walker.nextNode();
  if (!node) throw new Error(`no text in ${selector}`);
  return node;
}

const cases = [
  {
    name: 'ChatGPT',
    html: `<div data-conversation-id="conv-1">
      <div data-message-author-role="user" data-message-id="u1">How do refunds work?</div>
      <div data-message-author-role="assistant" data-message-id="a1" data-message-model-slug="gpt-4o"><p id="sel">Refunds are always approved.</p></div></div>`,
    expected: {
      aiTool: 'ChatGPT',
      prompt: ['How do refunds work?', 'chatgpt:previous [data-message-author-role="user"]'],
      model: ['gpt-4o', 'chatgpt:turn:data-message-model-slug'],
      messageId: 'a1',
      conversationId: 'conv-1',
    },
  },
  {
    name: 'Claude',
    html: `<button data-testid="model-selector-dropdown">Claude Sonnet 4.5</button>
      <div data-testid="user-message">Summarise the contract.</div>
      <div data-is-streaming="false"><div class="font-claude-response"><p id="sel">The contract has no exit clause.</p></div></div>`,
    expected: {
      aiTool: 'Claude',
      prompt: ['Summarise the contract.', 'claude:previous [data-testid="user-message"]'],
      model: ['Claude Sonnet 4.5', 'claude:picker:model-selector-dropdown'],
    },
  },
  {
    name: 'Gemini',
    html: `<button data-test-id="bard-mode-menu-button">2.5 Pro</button>
      <user-query><div class="query-text">Translate the notice.</div></user-query>
      <model-response><message-content id="message-content-id-r_42"><p id="sel">La notice est annulée.</p></message-content></model-response>`,
    expected: {
      aiTool: 'Gemini',
      prompt: ['Translate the notice.', 'gemini:previous user-query'],
      model: [undefined, undefined],
      messageId: 'r_42',
    },
  },
  {
    name: 'Microsoft Copilot',
    html: `<button data-testid="composer-chat-mode-smart-button" title="Smart (GPT-5)">Smart</button>
      <div data-content="user-message">Draft a reply to the landlord.</div>
      <div data-content="ai-message" aria-labelledby="m7-author m7-content-0"><p id="sel">You owe no further rent.</p></div>`,
    expected: {
      aiTool: 'Microsoft Copilot',
      prompt: ['Draft a reply to the landlord.', 'copilot:previous [data-content="user-message"]'],
      model: ['GPT-5', 'copilot:picker:chat-mode-button'],
      messageId: 'm7',
    },
  },
  {
    name: 'generic CRM draft',
    html: `<form><div data-ai-prompt>Write a summary of account 7.</div>
      <div class="ProseMirror" contenteditable="true" data-ai-generated data-ai-model="acme-llm-2"><p id="sel">Account 7 is doing well.</p></div></form>`,
    expected: {
      aiTool: 'CRM/help-desk AI draft',
      prompt: ['Write a summary of account 7.', 'generic:data-ai-prompt'],
      model: ['acme-llm-2', 'generic:data-ai-model'],
    },
  },
];

describe('site adapters', () => {
  it.each(cases)('$name: tool, prompt, model and ids with how each was found', ({ html, expected }) => {
    mount(html);
    const context = readContext(textIn('#sel'), document);
    expect(context.aiTool?.value).toBe(expected.aiTool);
    expect([context.prompt?.value, context.prompt?.foundBy]).toEqual(expected.prompt);
    expect([context.model?.value, context.model?.foundBy]).toEqual(expected.model);
    if ('messageId' in expected) expect(context.messageId?.value).toBe(expected.messageId);
    if ('conversationId' in expected) expect(context.conversationId?.value).toBe(expected.conversationId);
    expect(context.container?.contains(document.querySelector('#sel'))).toBe(true);
  });

  it('falls back to selection and container when a tool page lacks its markers', () => {
    mount(
      `<div data-message-author-role="user">Hi</div><article id="card"><p id="sel">Plain text outside any turn.</p></article>`,
    );
    const context = readContext(textIn('#sel'), document);
    expect(context.aiTool?.value).toBe('ChatGPT');
    expect(context.prompt).toBeUndefined();
    expect(context.container?.id).toBe('card');
    expect(context.containerFoundBy).toBe('generic:block');
  });

  it('never throws on odd markup', () => {
    mount('<p id="sel">Just a paragraph.</p>');
    expect(() => readContext(textIn('#sel'), document)).not.toThrow();
    expect(readContext(textIn('#sel'), document).aiTool).toBeUndefined();
  });
});
