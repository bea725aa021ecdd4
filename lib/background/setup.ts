import { browser, type Browser } from 'wxt/browser';
import { getDb } from '../db';
import { enabledSitesItem } from '../settings/items';
import { setupAnchoring } from './highlight-injection';
import { COMMAND_FLAG, CONTEXT_MENU_ID, flagFromTab } from './flag';
import { setupPolicy } from './policy';
import { listenForMessages } from './router';
import { openPanelOnActionClick, openSidePanel } from './side-panel';
import { syncFlagScript } from './sites';
import { setupSync } from './sync';

function onContextMenu(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) {
  if (info.menuItemId !== CONTEXT_MENU_ID) return Promise.resolve(null);
  openSidePanel(tab);
  return flagFromTab(getDb(), tab, 'context-menu', info);
}

function onCommand(command: string, tab?: Browser.tabs.Tab) {
  if (command !== COMMAND_FLAG) return Promise.resolve(null);
  openSidePanel(tab);
  return flagFromTab(getDb(), tab, 'command');
}

/**
 * Wires every background listener. Called synchronously at the top level of the service worker,
 * which Chrome may stop at any time: no state is kept here, all of it lives in storage and
 * IndexedDB.
 */
export function setupBackground(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus
      .removeAll()
      .then(() =>
        browser.contextMenus.create({ id: CONTEXT_MENU_ID, title: 'Flag AI output', contexts: ['selection'] }),
      )
      // Without the menu the shortcut and the button still flag; the worker's console says why.
      .catch((error: unknown) => console.error('Flagline could not create its context menu:', error));
  });
  listenForMessages(browser.runtime.onMessage, getDb);
  browser.contextMenus.onClicked.addListener((info, tab) => void onContextMenu(info, tab));
  browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  browser.permissions.onAdded.addListener(() => void syncFlagScript());
  browser.permissions.onRemoved.addListener(() => void syncFlagScript());
  enabledSitesItem.watch(() => void syncFlagScript());
  setupPolicy(getDb());
  setupSync();
  setupAnchoring();
  openPanelOnActionClick();
  void syncFlagScript();

  if (import.meta.env.MODE === 'e2e') {
    // Browser tests cannot click native menus or press browser shortcuts; they call the same handlers.
    Object.assign(globalThis, { flaglineTest: { onContextMenu, onCommand } });
    // WebDriver BiDi may not navigate to moz-extension:// pages, but it reaches a page the add-on
    // opened itself: Firefox browser tests start from this options tab.
    if (import.meta.env.FIREFOX) {
      browser.runtime.onInstalled.addListener(
        () => void browser.tabs.create({ url: browser.runtime.getURL('/options.html') }),
      );
    }
  }
}
