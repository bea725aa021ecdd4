import type { ESLint } from 'eslint';

/** Why `file` (repository-relative) may not import `spec`, or null when it may. */
export declare function violation(file: string, spec: string): string | null;
/** The repository path an import points at, or null for a package. */
export declare function target(fromFile: string, spec: string): string | null;
declare const plugin: ESLint.Plugin;
export default plugin;
