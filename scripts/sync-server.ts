/**
 * A CouchDB-protocol server for the sync tests and the sync benchmark: pouchdb-server (the PouchDB project's
 * CouchDB-compatible server) on a free loopback port, set up as a reader's CouchDB would be: an admin, then, as
 * that admin (pouchdb-server dies on an anonymous write once an admin exists: its issue 374), the database, a
 * member user, and the database's `_security`. Stopped by its process id.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface SyncServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  admin: { user: string; password: string };
  /** Creates a database with `user` (password `password`) as its member; resolves to its URL. */
  database(name: string, user?: string, password?: string): Promise<string>;
  /** Stops the server (its data stays) and starts it again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  close(): Promise<void>;
  /** Where it keeps its data (LevelDB files). */
  dir: string;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

const BIN = resolve('node_modules/pouchdb-server/bin/pouchdb-server');

export async function startSyncServer(): Promise<SyncServer> {
  const dir = mkdtempSync(join(tmpdir(), 'papershelf-couch-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'config.json'), '{}');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const admin = { user: 'admin', password: 'admin-password' };
  const auth = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
  let child: ChildProcess | undefined;

  async function request(path: string, method: string, body?: unknown, asAdmin = true): Promise<Response> {
    return fetch(`${origin}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(asAdmin ? { Authorization: auth } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function start(): Promise<void> {
    child = spawn(
      process.execPath,
      [
        BIN,
        '--dir',
        join(dir, 'data'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '-c',
        join(dir, 'config.json'),
        '-n',
      ],
      // It writes its log (log.txt) where it runs: in its own folder.
      { stdio: 'ignore', cwd: dir },
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const up = await fetch(`${origin}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('pouchdb-server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.pid === undefined) return;
    const exited = new Promise((r) => running.once('exit', r));
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(running.pid as number, signal);
      } catch {
        // Already gone.
      }
    };
    kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (running.exitCode === null) kill('SIGKILL');
  }

  await start();
  // The admin first; from then on every setup write is the admin's.
  const set = await request('/_config/admins/admin', 'PUT', admin.password, false);
  if (!set.ok) throw new Error(`could not set the admin: ${set.status}`);

  return {
    origin,
    port,
    admin,
    dir,
    async database(name, user = 'reader', password = 'reader-password') {
      const created = await request(`/${name}`, 'PUT');
      if (!created.ok && created.status !== 412)
        throw new Error(`could not create ${name}: ${created.status}`);
      const userDoc = `/_users/org.couchdb.user:${encodeURIComponent(user)}`;
      const known = await request(userDoc, 'GET');
      const rev = known.ok ? ((await known.json()) as { _rev: string })._rev : undefined;
      await request(userDoc, 'PUT', {
        name: user,
        password,
        roles: [],
        type: 'user',
        ...(rev ? { _rev: rev } : {}),
      });
      const security = await request(`/${name}/_security`, 'PUT', {
        admins: { names: [], roles: [] },
        members: { names: [user], roles: [] },
      });
      if (!security.ok) throw new Error(`could not secure ${name}: ${security.status}`);
      return `${origin}/${name}`;
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
