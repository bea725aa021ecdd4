import { defineContentScript } from 'wxt/utils/define-content-script';
import { runFlagContentScript } from '@/lib/page/ui/teardown';

/**
 * Where this frame's live copy keeps its context (FLAG_SCRIPT_KEY in lib/background/sites.ts, which
 * reads it to skip frames that already have the button when a site is enabled in open tabs).
 */
const LIVE = Symbol.for('flagline.flag-script');

/** The floating flag button, registered at run time for the sites the user enabled. */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main(ctx) {
    // A second copy in one frame (put into an open tab while the registered one loads) takes over
    // from the first, which takes back its button: a frame never shows two.
    const scope = globalThis as { [LIVE]?: typeof ctx };
    const earlier = scope[LIVE];
    scope[LIVE] = ctx;
    if (earlier && earlier !== ctx && earlier.isValid) earlier.abort('A newer copy of the flag script started');
    runFlagContentScript(window, ctx);
  },
});
