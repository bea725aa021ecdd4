import { defineBackground } from 'wxt/utils/define-background';
import { setupBackground } from '@/lib/background/setup';

export default defineBackground(() => {
  setupBackground();
});
