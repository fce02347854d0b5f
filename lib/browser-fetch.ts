/**
 * `node-fetch` as the extension's bundles see it (wxt.config.ts points it here): citation-js imports it for Node
 * and, wherever `location` and `navigator` exist (every extension context), uses the platform's fetch instead.
 * Without this, the bundles would take in node-fetch and stubs of Node's http, zlib and stream for nothing.
 */
export default globalThis.fetch;
export const Headers = globalThis.Headers;
