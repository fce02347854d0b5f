import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

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
    host_permissions: ['*://arxiv.org/pdf/*', '*://www.arxiv.org/pdf/*'],
    action: { default_title: 'Papershelf' },
    // Extension pages run only the extension's own files: no inline script, no eval, no plugins.
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self'; object-src 'none'"
        : { extension_pages: "script-src 'self'; object-src 'none'" },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'papershelf@papershelf.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({ plugins: [preact()] }),
});
