import { afterEach, describe, expect, it } from 'vitest';
import { readContext } from '../../lib/page/adapters';

function mount(html: string): void {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)));
}

function textIn(selector: string): Node {
  return document.querySelector(selector)!.firstChild!;
}

/** Serves the test document at `url` (the adapters read host and path from it). */
function at(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

describe('CRM and help-desk drafts', () => {
  const home = window.location.href;
  afterEach(() => at(home));

  it.each([
    ['https://acme.zendesk.com/agent/tickets/48213', 'Zendesk', '48213'],
    ['https://app.intercom.com/a/inbox/k2x9/inbox/admin/77/conversation/215468312', 'Intercom', '215468312'],
    ['https://acme.lightning.force.com/lightning/r/Case/5003x00002AbCdEAAV/view', 'Salesforce', '5003x00002AbCdEAAV'],
    ['https://app.hubspot.com/contacts/2451187/record/0-5/9931', 'HubSpot', '9931'],
    ['https://acme.freshdesk.com/a/tickets/1204', 'Freshdesk', '1204'],
    [
      'https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D9d385017c611228701d22104cc95c371',
      'ServiceNow',
      '9d385017c611228701d22104cc95c371',
    ],
    [
      'https://acme.service-now.com/now/sow/record/incident/9d385017c611228701d22104cc95c371',
      'ServiceNow',
      '9d385017c611228701d22104cc95c371',
    ],
  ])('%s: the record id and the system', (url, system, id) => {
    at(url);
    mount(`<div class="ProseMirror" contenteditable="true" data-ai-draft><p id="sel">We refunded you twice.</p></div>`);
    const context = readContext(textIn('#sel'), document);
    expect(context.conversationId?.value).toBe(id);
    expect(context.aiTool?.value).toBe(`${system} AI draft`);
  });

  it('an aria-label naming a city such as Dubai is no AI marker; "AI draft" is', () => {
    mount(`<section aria-label="Dubai office notes"><p id="sel">Meeting at noon.</p></section>`);
    expect(readContext(textIn('#sel'), document).aiTool).toBeUndefined();
    mount(`<section aria-label="AI draft reply"><p id="sel">Meeting at noon.</p></section>`);
    expect(readContext(textIn('#sel'), document).aiTool?.value).toBe('CRM/help-desk AI draft');
  });
});
