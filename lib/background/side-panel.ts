import { browser } from 'wxt/browser';

/**
 * Opens the side panel for a tab. Chrome only allows this during a user gesture, so callers
 * invoke it synchronously, before their first `await`. Failure is not an error for the flag:
 * the record is saved either way and the toolbar button opens the panel.
 */
export function openSidePanel(tab: { id?: number; windowId?: number } | undefined): void {
  const sidePanel = (browser as { sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> } })
    .sidePanel;
  const sidebar = (browser as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
  try {
    if (sidePanel && tab?.id !== undefined) sidePanel.open({ tabId: tab.id }).catch(() => undefined);
    else if (sidebar) sidebar.open().catch(() => undefined);
  } catch {
    // Without a user gesture (automation, a forwarded event) the panel simply stays closed.
  }
}

/** The toolbar button opens the side panel (Chrome); Firefox's sidebar has its own toggle. */
export function openPanelOnActionClick(): void {
  const sidePanel = (
    browser as { sidePanel?: { setPanelBehavior(b: { openPanelOnActionClick: boolean }): Promise<void> } }
  ).sidePanel;
  sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
}
