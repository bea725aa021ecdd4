import { defineContentScript } from 'wxt/utils/define-content-script';
import { runFlagContentScript } from '@/lib/page/ui/teardown';

/** The floating flag button, registered at run time for the sites the user enabled. */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main(ctx) {
    runFlagContentScript(window, ctx);
  },
});
