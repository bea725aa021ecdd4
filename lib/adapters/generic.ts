import { closestComposed, found, textOf, type PageContext, type SiteAdapter } from './types';

/** Rich editors and fields where CRM and help-desk tools put AI drafts. */
const EDITOR =
  '.ProseMirror, .ql-editor, .ck-editor__editable, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], textarea, input';
/** Markers products use for AI-written text (attributes first: they are the most deliberate). */
const AI_MARK =
  '[data-ai-generated], [data-ai-draft], [aria-label*="AI " i], [aria-label*="AI-" i], [class*="ai-draft" i]';
const BLOCK = 'article, section, [role="article"], [role="dialog"], li, td, blockquote, form, main';

/**
 * Generic rules for AI drafts in CRM and help-desk tools: the editor or AI-marked card that holds
 * the selection, its model if an attribute names one, the prompt if one is marked. Matches every
 * page, so it runs last.
 */
export const generic: SiteAdapter = {
  name: 'generic',
  matches: () => true,
  read(node): PageContext {
    const ai = closestComposed(node, AI_MARK);
    const editor = closestComposed(node, EDITOR);
    const block = closestComposed(node, BLOCK);
    const container = ai ?? editor ?? block ?? undefined;
    const containerFoundBy = ai ? 'generic:ai-marker' : editor ? 'generic:editor' : block ? 'generic:block' : undefined;
    const scope = ai ?? editor?.parentElement ?? null;
    const modelEl = closestComposed(node, '[data-ai-model]') ?? scope?.querySelector('[data-ai-model]');
    const promptEl = scope?.closest('form, section, article, [role="dialog"]')?.querySelector('[data-ai-prompt]');
    return {
      aiTool:
        ai || modelEl
          ? { value: 'CRM/help-desk AI draft', foundBy: containerFoundBy ?? 'generic:data-ai-model' }
          : undefined,
      container,
      containerFoundBy,
      model: found(modelEl?.getAttribute('data-ai-model'), 'generic:data-ai-model'),
      prompt: found(promptEl ? textOf(promptEl) : undefined, 'generic:data-ai-prompt'),
    };
  },
};
