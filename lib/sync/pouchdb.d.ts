// PouchDB 9 ships no types (DefinitelyTyped's are for PouchDB 7 and reshape Node's Buffer type project-wide):
// lib/sync/engine.ts declares the part of PouchDB sync uses (`PouchStatic`); these modules are only plugged in.
declare module 'pouchdb-core' {
  const PouchDB: { plugin(plugin: unknown): typeof PouchDB };
  export default PouchDB;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
