import { crmRecord } from './crm';
import { closestComposed, found, textOf, type PageContext, type SiteAdapter } from './types';

/** Rich editors and fields where CRM and help-desk tools put AI drafts. */
const EDITOR =
  '.ProseMirror, .ql-editor, .ck-editor__editable, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], textarea, input';
/** Markers products use for AI-written text (attributes first: they are the most deliberate). */
const AI_MARK = '[data-ai-generated], [data-ai-draft], [class*="ai-draft" i]';
/** "AI" as a word in a label ("AI draft", "AI-generated reply"), never inside one ("Dubai", "Mailbox"). */
const AI_WORD = /(^|[^\p{L}\p{N}])AI([^\p{L}\p{N}]|$)/iu;

/** The nearest element holding `node` that is AI-marked, by attribute or by an `aria-label` word. */
function aiMarked(node: Node): Element | null {
  const marked = closestComposed(node, AI_MARK);
  let labelled: Element | null = closestComposed(node, '[aria-label]');
  while (labelled && !AI_WORD.test(labelled.getAttribute('aria-label') ?? '')) {
    labelled = labelled.parentElement ? closestComposed(labelled.parentElement, '[aria-label]') : null;
  }
  if (!marked) return labelled;
  if (!labelled) return marked;
  return marked.contains(labelled) ? labelled : marked;
}
const BLOCK = 'article, section, [role="article"], [role="dialog"], li, td, blockquote, form, main';

/**
 * Generic rules for AI drafts in CRM and help-desk tools: the editor or AI-marked card that holds
 * the selection, its model if an attribute names one, the prompt if one is marked. Matches every
 * page, so it runs last.
 */
export const generic: SiteAdapter = {
  name: 'generic',
  matches: () => true,
  read(node, doc): PageContext {
    const ai = aiMarked(node);
    const editor = closestComposed(node, EDITOR);
    const block = closestComposed(node, BLOCK);
    const container = ai ?? editor ?? block ?? undefined;
    const containerFoundBy = ai ? 'generic:ai-marker' : editor ? 'generic:editor' : block ? 'generic:block' : undefined;
    const scope = ai ?? editor?.parentElement ?? null;
    const modelEl = closestComposed(node, '[data-ai-model]') ?? scope?.querySelector('[data-ai-model]');
    const promptEl = scope?.closest('form, section, article, [role="dialog"]')?.querySelector('[data-ai-prompt]');
    const record = crmRecord(doc.location ?? null);
    return {
      aiTool:
        ai || modelEl
          ? {
              value: `${record?.system ?? 'CRM/help-desk'} AI draft`,
              foundBy: containerFoundBy ?? 'generic:data-ai-model',
            }
          : undefined,
      // The ticket, case or record the draft is about: the "conversation" of a help-desk tool.
      conversationId: record?.id,
      container,
      containerFoundBy,
      model: found(modelEl?.getAttribute('data-ai-model'), 'generic:data-ai-model'),
      prompt: found(promptEl ? textOf(promptEl) : undefined, 'generic:data-ai-prompt'),
    };
  },
};
