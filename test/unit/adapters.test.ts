import { afterEach, describe, expect, it } from 'vitest';
import { readContext } from '../../lib/page/adapters';
import { textFragmentLink } from '../../lib/shared/fragment-link';
import { captureSelection } from '../../lib/page/capture/capture-selection';

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

/** Serves the test document at `url` (the adapters read host and path from it). */
function at(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

/** Selects `needle` inside the element matching `selector` (its first text node holding it). */
function select(selector: string, needle: string, until?: string): void {
  const el = document.querySelector(selector)!;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const startNode = nodes.find((n) => n.data.includes(needle))!;
  const endNode = until ? nodes.find((n) => n.data.includes(until))! : startNode;
  const range = document.createRange();
  range.setStart(startNode, startNode.data.indexOf(needle));
  range.setEnd(
    endNode,
    until ? endNode.data.indexOf(until) + until.length : startNode.data.indexOf(needle) + needle.length,
  );
  document.getSelection()!.removeAllRanges();
  document.getSelection()!.addRange(range);
}

/**
 * The saved Copilot pages (copilot.com, Microsoft 365 Copilot) that the Copilot structures below
 * were read from may not be redistributed, so the Copilot markup in these tests is written by hand
 * to reproduce exactly the structures those pages show. This is one Microsoft 365 Copilot exchange.
 */
const M365_EXCHANGE = `<div data-testid="MessageListContainer">
      <div data-testid="m365-chat-llm-web-ui-chat-message" id="chatMessageContainer_1">
        <div data-testid="chatQuestion"><div class="fai-UserMessage" role="article">
          <h5 class="fai-UserMessage__accessibleHeading ___1x7ej0z">You said: </h5>
          <div data-testid="chatOutput">Where is the repository of the parser?</div></div></div>
        <div data-testid="copilot-message-div" id="chatMessageResponse-1">
          <div data-testid="copilot-message-reply-div"><div class="fai-CopilotMessage" role="article">
            <h6 class="fai-CopilotMessage__accessibleHeading ___1x7ej0z">Copilot said: </h6>
            <div data-testid="markdown-reply" data-message-id="9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d">
              <p id="sel">The parser lives in its own repository.
                <button class="fai-BebopCitation" data-grouped-citations="[]">github</button></p></div>
            <div><button aria-label="Copy Response">Copy</button><button aria-label="Like">Like</button></div>
          </div></div></div>
      </div></div>`;

describe('defects found on real saved pages, by tool', () => {
  const home = window.location.href;
  afterEach(() => {
    at(home);
    document.getSelection()?.removeAllRanges();
  });

  it('Copilot: the model comes from the smart mode button, the id from aria-labelledby, not the hidden heading', () => {
    at('https://copilot.microsoft.com/chats/Hk3pQ9xY2');
    mount(`<button data-testid="composer-chat-mode-smart-button" title="Smart (GPT-5)" aria-label="Smart">Smart</button>
      <div data-content="user-message"><h2 class="sr-only">You said</h2><p>Is the deposit refundable?</p></div>
      <div data-content="ai-message" aria-labelledby="Xa7-author Xa7-content-0">
        <h2 id="Xa7-author" class="sr-only">Copilot said</h2><div id="Xa7-content-0"><p id="sel">Yes, always.</p></div></div>`);
    select('#sel', 'Yes, always.');
    const capture = captureSelection(window)!;
    expect(capture.context?.model).toEqual({ value: 'GPT-5', foundBy: 'copilot:picker:chat-mode-button' });
    expect(capture.context?.messageId?.value).toBe('Xa7');
    expect(capture.context?.conversationId?.value).toBe('Hk3pQ9xY2');
    expect(capture.context?.prompt?.value).toBe('Is the deposit refundable?');
    expect(capture.containerText).toBe('Yes, always.');
  });

  it('Copilot: the message id comes from the author element id when no aria-labelledby is there', () => {
    mount(
      `<div data-content="ai-message"><h2 id="Zq1-author" class="sr-only">Copilot said</h2><p id="sel">No.</p></div>`,
    );
    expect(readContext(textIn('#sel'), document).messageId?.value).toBe('Zq1');
  });

  // Hand-written markup reproducing a saved page's structure (see the note on M365_EXCHANGE).
  it('Copilot (copilot.com): an answer labelled by several content parts gives its id from the aria-labelledby list; headings, citation chips, "Show all" and actions are not text', () => {
    at('https://copilot.com/chats/q7Rt2Lm9Xw');
    mount(`<div data-content="user-message" aria-labelledby="Ub3-author Ub3-content-0" role="article">
        <h6 id="Ub3-author" class="sr-only" data-copy="false">You said</h6>
        <div id="Ub3-content-0"><p>Which AI coding assistants are free?</p></div></div>
      <div data-content="ai-message" aria-labelledby="Ka9-author Ka9-content-0 Ka9-content-1" role="article">
        <h6 id="Ka9-author" class="sr-only" data-copy="false">Copilot said</h6>
        <div id="Ka9-content-0"><p>Several assistants have a free tier.
          <button type="button" aria-label="aimadetools.com"><span>aimadetools.com</span></button></p></div>
        <div id="Ka9-content-1"><p id="sel">The free tier allows 2,000 completions a month.</p></div>
        <div><button type="button"><span>aimadetools.com</span><span>github.com</span><span>Show all</span></button></div>
        <div><button type="button" aria-label="Copy">Copy</button><button type="button" aria-label="Share">Share</button></div>
      </div>`);
    select('#sel', '2,000 completions');
    const capture = captureSelection(window)!;
    expect(capture.context?.messageId).toEqual({ value: 'Ka9', foundBy: 'copilot:aria-labelledby list' });
    expect(capture.context?.conversationId?.value).toBe('q7Rt2Lm9Xw');
    expect(capture.context?.prompt?.value).toBe('Which AI coding assistants are free?');
    expect(capture.containerText).toBe(
      'Several assistants have a free tier. The free tier allows 2,000 completions a month.',
    );
  });

  it('Microsoft 365 Copilot: the answer body without its hidden heading, citations and actions; the prompt without "You said: "; the message id from markdown-reply', () => {
    at('https://m365.cloud.microsoft/chat');
    mount(M365_EXCHANGE);
    select('#sel', 'own repository');
    const capture = captureSelection(window)!;
    expect(capture.context?.aiTool?.value).toBe('Microsoft Copilot');
    expect(capture.containerText).toBe('The parser lives in its own repository.');
    expect(capture.context?.prompt?.value).toBe('Where is the repository of the parser?');
    expect(capture.context?.messageId?.value).toBe('9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d');
  });

  it('Microsoft 365 Copilot: the conversation id comes from /chat/conversation/<uuid>; a saved page is known by its test ids', () => {
    at('https://m365.cloud.microsoft/chat/conversation/3f6c2a1e-8b4d-4e7a-9c0f-5d2b1a7e9c34');
    mount(M365_EXCHANGE);
    expect(readContext(textIn('#sel'), document).conversationId?.value).toBe('3f6c2a1e-8b4d-4e7a-9c0f-5d2b1a7e9c34');
    at(home);
    expect(readContext(textIn('#sel'), document).aiTool?.value).toBe('Microsoft Copilot');
  });

  it.each(['copilot.com', 'copilot.cloud.microsoft', 'm365.cloud.microsoft', 'copilot.microsoft.com'])(
    'Copilot: %s is a Copilot host',
    (host) => {
      at(`https://${host}/chats/abc`);
      mount('<p id="sel">Some answer.</p>');
      expect(readContext(textIn('#sel'), document).aiTool?.value).toBe('Microsoft Copilot');
    },
  );

  it('Gemini: hidden labels stay out of prompt and message; the mode label is no model; gem and account URLs give the id', () => {
    mount(`<button data-test-id="bard-mode-menu-button">高速モード</button>
      <user-query><span class="cdk-visually-hidden">あなたのプロンプト</span><div class="query-text">Translate the notice.</div></user-query>
      <model-response><h2 class="cdk-visually-hidden">Gemini の回答</h2>
        <message-content id="message-content-id-r_42"><p id="sel">La notice est annulée.</p></message-content></model-response>`);
    for (const [url, id] of [
      ['https://gemini.google.com/gem/coding-partner/5f2a9c1e7b3d', '5f2a9c1e7b3d'],
      ['https://gemini.google.com/u/1/app/8c1d2e3f4a5b', '8c1d2e3f4a5b'],
      ['https://gemini.google.com/share/0a1b2c3d4e5f', '0a1b2c3d4e5f'],
    ]) {
      at(url!);
      select('#sel', 'La notice');
      const capture = captureSelection(window)!;
      expect(capture.context?.prompt?.value).toBe('Translate the notice.');
      expect(capture.containerText).toBe('La notice est annulée.');
      expect(capture.context?.model).toBeUndefined();
      expect(capture.context?.conversationId?.value).toBe(id);
    }
  });

  it('Gemini: a Deep Research report is the whole report, with the prompt that produced it', () => {
    mount(`<user-query><div class="query-text">Research tenancy law in Bavaria.</div></user-query>
      <model-response><message-content id="message-content-id-r_1"><p>Here is your report.</p>
        <div class="immersive-entry-chip"><span class="title-text">Bavarian tenancy law</span></div></message-content></model-response>
      <user-query><div class="query-text">Thanks!</div></user-query>
      <model-response><message-content id="message-content-id-r_2"><p>You are welcome.</p></message-content></model-response>
      <deep-research-immersive-panel><h2 class="title-text">Bavarian tenancy law</h2><button>Export</button>
        <message-content id="extended-response-message-content"><div id="extended-response-markdown-content">
          <h1>Bavarian tenancy law</h1><table><tr><td id="sel">Deposit</td><td>three months</td></tr></table>
        </div></message-content></deep-research-immersive-panel>`);
    const context = readContext(textIn('#sel'), document);
    expect(context.container?.id).toBe('extended-response-markdown-content');
    expect(context.prompt?.value).toBe('Research tenancy law in Bavaria.');
  });

  it('ChatGPT: a turn without a model slug records the picker setting as such, never the product name', () => {
    at('https://chatgpt.com/share/68b2a1f0-1c2d-8000-9e3f-4a5b6c7d8e9f');
    mount(`<button data-testid="model-switcher-dropdown-button" aria-label="Model selector, current model is 5.2">ChatGPT</button>
      <div data-message-author-role="user">Research refunds.</div>
      <div data-message-author-role="assistant" data-message-id="r1"><p id="sel">Refund report.</p></div>`);
    const context = readContext(textIn('#sel'), document);
    expect(context.model).toEqual({ value: '5.2', foundBy: 'chatgpt:picker:model-switcher aria-label' });
    expect(context.conversationId?.value).toBe('68b2a1f0-1c2d-8000-9e3f-4a5b6c7d8e9f');
    mount(`<button data-testid="model-switcher-dropdown-button">ChatGPT</button>
      <div data-message-author-role="assistant"><p id="sel">Refund report.</p></div>`);
    expect(readContext(textIn('#sel'), document).model).toBeUndefined();
  });

  it('ChatGPT: code-block headers stay out of the message text; the 2026 viewer keeps its line breaks', () => {
    mount(`<div data-message-author-role="assistant"><p>Run this:</p>
      <pre><div class="header">Python<button>Copy code</button></div><div id="code-block-viewer"><div class="cm-content"><span id="sel">x = 1</span><br><span>print(x)</span></div></div></pre></div>`);
    select('[data-message-author-role]', 'x = 1', 'print(x)');
    const capture = captureSelection(window)!;
    expect(capture.containerText).toBe('Run this: x = 1 print(x)');
    expect(capture.quote.exact).toBe('x = 1\nprint(x)');
  });

  it('ChatGPT: the 2026-09 layout (turn keys, no author roles) gives prompt, message id and text', () => {
    mount(`<div data-turn-key="u-1"><div data-chatgpt-search-message-ids="u-1"><div data-user-message-bubble="true">
      <div class="whitespace-pre-wrap">Is shipping free?</div></div></div>
      <div data-chatgpt-search-message-ids="a-1 a-1"><h4 class="sr-only" data-conversation-role="assistant">ChatGPT said:</h4>
      <div data-chatgpt-selection-message-id="a-1"><div data-markdown-text-style="assistant-message"><p id="sel">Shipping is free worldwide.</p></div></div></div></div>`);
    select('#sel', 'free worldwide');
    const capture = captureSelection(window)!;
    expect(capture.context?.aiTool?.value).toBe('ChatGPT');
    expect(capture.context?.prompt?.value).toBe('Is shipping free?');
    expect(capture.context?.messageId?.value).toBe('a-1');
    expect(capture.containerText).toBe('Shipping is free worldwide.');
  });

  it('Claude: flagging in an artifact panel records the prompt that produced the artifact', () => {
    mount(`<div data-testid="user-message">Write the migration plan.</div>
      <div data-is-streaming="false"><div class="font-claude-response"><p>Done.</p><div class="artifact-block-cell">Migration plan</div></div></div>
      <div data-testid="user-message">Thanks, looks good.</div>
      <div data-is-streaming="false"><div class="font-claude-response"><p>Glad it helps.</p></div></div>
      <div id="markdown-artifact" class="font-claude-response"><h1>Migration plan</h1><p id="sel">Move the database first.</p></div>`);
    const context = readContext(textIn('#sel'), document);
    expect(context.prompt?.value).toBe('Write the migration plan.');
    expect(context.container?.id).toBe('markdown-artifact');
  });

  it('Claude: tool-use summaries stay out of the message text, in both layouts', () => {
    mount(`<div data-testid="user-message">Make a chart.</div>
      <div data-is-streaming="false"><div class="font-claude-response" id="old">
        <button aria-expanded="false">Created a file, read a file</button><span class="sr-only" role="status">Created a file, read a file</span>
        <p id="sel">Here is the chart.</p></div></div>
      <div data-testid="assistant-message" data-cds="AssistantMessage" data-is-streaming="false" id="hub">
        <h2 data-find-omitted="" class="sr-only">Claude responded: chart</h2>
        <div data-cds="TurnStatus" data-find-omitted=""><span><bdi>Thought for 8s</bdi></span></div>
        <div data-cds="Prose"><p id="sel2">The chart shows growth.</p></div>
        <div role="toolbar" aria-label="Message actions"><time>Jun 19</time></div></div>`);
    select('#sel', 'Here is');
    expect(captureSelection(window)!.containerText).toBe('Here is the chart.');
    select('#sel2', 'growth');
    const capture = captureSelection(window)!;
    expect(capture.containerText).toBe('The chart shows growth.');
    expect(capture.context?.prompt?.value).toBe('Make a chart.');
  });

  it('everywhere: table cells and <br> keep a separator in quote, container text and text-fragment link', () => {
    mount(`<div data-message-author-role="assistant"><table><tr><td id="sel">Alice</td><td>Developer</td><td>Python</td></tr></table>
      <p>Line one<br>line two</p></div>`);
    select('[data-message-author-role]', 'Alice', 'Python');
    const cells = captureSelection(window)!;
    expect(cells.quote.exact).toBe('Alice\tDeveloper\tPython');
    expect(cells.containerText).toBe('Alice Developer Python Line one line two');
    // Browsers match each term of a text directive within one cell: first and last cell, as start and end.
    expect(textFragmentLink('https://chatgpt.com/c/1', cells.quote)).toBe(
      'https://chatgpt.com/c/1#:~:text=Alice,Python',
    );
    select('[data-message-author-role]', 'Line one', 'line two');
    expect(captureSelection(window)!.quote.exact).toBe('Line one\nline two');
  });
});
