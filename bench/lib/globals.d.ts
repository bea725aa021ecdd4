// Code passed to page.evaluate / worker.evaluate runs in the browser, where extension contexts have `chrome`.
declare const chrome: typeof import('wxt/browser').browser;
