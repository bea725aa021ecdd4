import path from 'node:path';
import { build } from 'vite';

/** Builds the console the receiver serves, so the tests never run an older build. */
export default async function globalSetup(): Promise<void> {
  await build({
    configFile: path.resolve(import.meta.dirname, '../../receiver/console/vite.config.ts'),
    logLevel: 'warn',
  });
}
