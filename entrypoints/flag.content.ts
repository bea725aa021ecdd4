import { defineContentScript } from 'wxt/utils/define-content-script';
import { installFlagButton } from '@/lib/content/flag-button';

/** The floating flag button, registered at run time for the sites the user enabled. */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main() {
    installFlagButton(window);
  },
});
