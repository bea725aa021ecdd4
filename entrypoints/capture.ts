import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { captureSelection } from '@/lib/page/capture/capture-selection';
import { SELECTION_CHANGED, sameSelection, takePendingFlag } from '@/lib/page/ui/selection-snapshot';

/**
 * Injected on demand (context menu, keyboard command, the flag button's request); its result is
 * returned to `scripting.executeScript` and validated by the background. For the button, the
 * selection is compared with the one the button was shown for in the same task as it is read, so
 * the page cannot slip other words in between; a difference is refused, never captured.
 */
export default defineUnlistedScript(() => {
  const pending = takePendingFlag();
  if (pending && !sameSelection(window, pending.snapshot)) {
    pending.refused = SELECTION_CHANGED;
    return null;
  }
  return captureSelection(window);
});
