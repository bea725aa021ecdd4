import { fileURLToPath } from 'node:url';

/** The project folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The benchmark's own folder, where its peers are installed. */
export const BENCH = fileURLToPath(new URL('../', import.meta.url));
