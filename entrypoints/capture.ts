import { captureSelection } from '@/lib/capture/describe';

/**
 * Injected on demand (context menu, keyboard command) with `activeTab`; its result is returned to
 * `scripting.executeScript` and validated by the background.
 */
export default defineUnlistedScript(() => captureSelection(window));
