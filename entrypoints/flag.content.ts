import { defineContentScript } from 'wxt/utils/define-content-script';
import { runFlagContentScript } from '@/lib/content/teardown';

/** The floating flag button, registered at run time for the sites the user enabled. */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main(ctx) {
    runFlagContentScript(window, ctx);
  },
});
