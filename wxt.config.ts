import { defineConfig } from 'wxt';
import { E2E_SITES } from './lib/settings/sites';
import { originPattern } from './lib/shared/match-pattern';

const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "img-src 'self' blob: data:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
].join('; ');

/**
 * The e2e build is the production build plus host access to the local demo and test servers and
 * to the AI tools' addresses (where browser tests serve saved pages), which it also treats as
 * enabled sites, so browser tests and the demo need no permission prompt.
 */
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Every module imports what it uses, so a reader (and tsc) sees where each name comes from.
  imports: false,
  // `build:e2e` sets NODE_ENV=production: WXT would otherwise set it to the mode name and ship React's
  // development build, and the e2e build must run the same code as production.
  vite: () => ({
    build: {
      rollupOptions: {
        onwarn(warning, warn) {
          // Zod annotates pure calls in comment positions Rollup cannot use; harmless noise.
          if (warning.code === 'INVALID_ANNOTATION') return;
          warn(warning);
        },
      },
    },
  }),
  outDirTemplate: '{{browser}}-mv{{manifestVersion}}{{modeSuffix}}',
  manifest: ({ mode, browser }) => ({
    name: 'Flagline',
    description: 'Flag a faulty AI output where you see it and turn it into an incident record.',
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '120' }),
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'contextMenus',
      'activeTab',
      'scripting',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // MV2 (Firefox) has no optional_host_permissions; origins go in optional_permissions there.
    ...(browser === 'firefox' ? { optional_permissions: ['*://*/*'] } : { optional_host_permissions: ['*://*/*'] }),
    // `*.localhost` is granted but not enabled: browser tests enable such a site from the UI,
    // where a permission request already granted resolves without a prompt they could not click.
    ...(mode === 'e2e' ? { host_permissions: [...E2E_SITES.map(originPattern), 'http://*.localhost/*'] } : {}),
    action: { default_title: 'Open Flagline' },
    // Organisation policy (chrome.storage.managed): Chrome and Edge read this schema; Firefox reads
    // the same keys from the `3rdparty` section of policies.json and ignores the key. docs/admin.md.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // Extension pages run only their own code: no inline or remote script, no plugins, no framing,
    // no form posts; requests go to https endpoints (and the local demo receiver).
    content_security_policy: browser === 'firefox' ? EXTENSION_PAGES_CSP : { extension_pages: EXTENSION_PAGES_CSP },
    commands: {
      'flag-selection': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: 'Flag the selected AI output',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'flagline@flagline.dev',
              strict_min_version: '140.0',
              // Records go only to the endpoint a team configures; nothing goes to Flagline's makers.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
