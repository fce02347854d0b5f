import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { SITE_HOSTS } from './lib/sites';

/** The on-page panel (entrypoints/panel) may be framed by the sites Papershelf reads, and by no other page. */
const PANEL_MATCHES = Object.values(SITE_HOSTS).flatMap((hosts) => hosts.map((host) => `https://${host}/*`));

/**
 * Extension pages run only the extension's own files (no inline script, no eval, no plugins) and reach no other
 * origin but over https or on this machine: the only requests they make are to the reader's own sync server.
 */
const EXTENSION_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Content scripts declare their own matches; these are the host permissions the manifest needs.
export default defineConfig({
  manifest: ({ browser }) => ({
    name: 'Papershelf',
    description: 'Clip arXiv and Hugging Face papers into a local library you can search offline.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'activeTab',
      'scripting',
      'contextMenus',
      // Chrome: the document that runs the library index's worker (Firefox's background page does).
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // PDFs have no DOM for a content script: the background reads their paper from the tab's URL.
    host_permissions: ['https://arxiv.org/pdf/*', 'https://www.arxiv.org/pdf/*'],
    // Chrome: framed only by those sites, at a URL that changes every session (a page cannot guess it).
    web_accessible_resources:
      browser === 'firefox'
        ? ['panel.html']
        : [{ resources: ['panel.html'], matches: PANEL_MATCHES, use_dynamic_url: true }],
    action: { default_title: 'Papershelf' },
    // Keyboard shortcuts (the reader can change them in the browser's extension shortcuts page). Alt+Shift+K, not
    // Alt+Shift+S: in Firefox a real Alt+Shift+S never reaches the extension (pressed in
    // tests/e2e-both/shortcuts.test.ts); Chromium leaves Alt+Shift+C (and A, P, R, N, X, Z, W) unassigned.
    commands: {
      'clip-paper': { suggested_key: { default: 'Alt+Shift+K' }, description: 'Clip the current paper' },
      'open-library': { suggested_key: { default: 'Alt+Shift+L' }, description: 'Open the library' },
    },
    content_security_policy: browser === 'firefox' ? EXTENSION_CSP : { extension_pages: EXTENSION_CSP },
    ...(browser === 'firefox'
      ? {
          // 140 (the ESR that Debian and many institutions ship) is the lowest Firefox that knows every key and
          // API the build uses: `data_collection_permissions` is read from 140 on desktop (142 on Android; an
          // older Firefox refuses the add-on rather than ignore the key), `storage.session` in MV2 from 115,
          // `scripting` from 102, `Promise.withResolvers` from 121; asking for more only refuses ESR users.
          browser_specific_settings: {
            gecko: {
              id: 'papershelf@papershelf.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [preact()],
    resolve: { alias: { 'node-fetch': fileURLToPath(new URL('./lib/browser-fetch.ts', import.meta.url)) } },
  }),
});
