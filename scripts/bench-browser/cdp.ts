/**
 * A browser-level DevTools connection that reaches every target, dedicated workers and the offscreen document
 * included: Playwright's CDP sessions cannot talk to a target attached with `flatten: true`, so this speaks the
 * protocol itself over the browser's WebSocket (Node's own WebSocket when it has one, else the `ws` that
 * playwright-core bundles).
 */
import { createRequire } from 'node:module';

interface Socket {
  send(data: string): void;
  close(): void;
  addEventListener?(type: string, listener: (event: { data: unknown }) => void): void;
  on?(type: string, listener: (data: unknown) => void): void;
}
type SocketClass = new (url: string) => Socket;

function socketClass(): SocketClass {
  const native = (globalThis as { WebSocket?: SocketClass }).WebSocket;
  if (native) return native;
  const bundle = createRequire(import.meta.url)('playwright-core/lib/utilsBundle') as { ws: SocketClass };
  return bundle.ws;
}

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
}

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

export class Cdp {
  private next = 0;
  private readonly pending = new Map<number, { done(v: unknown): void; fail(e: Error): void }>();
  private readonly listeners = new Set<(method: string, params: unknown) => void>();

  private constructor(private readonly socket: Socket) {}

  /** Connects to the browser behind `--remote-debugging-port=port`. */
  static async connect(port: number): Promise<Cdp> {
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
      webSocketDebuggerUrl: string;
    };
    const Ws = socketClass();
    const socket = new Ws(version.webSocketDebuggerUrl);
    const cdp = new Cdp(socket);
    await new Promise<void>((done, fail) => {
      const on = (type: string, listener: (data: unknown) => void) =>
        socket.addEventListener
          ? socket.addEventListener(type, (event) => listener(event?.data ?? event))
          : socket.on?.(type, listener);
      on('open', () => done());
      on('error', () => fail(new Error('could not connect to Chromium over CDP')));
      on('message', (data) => cdp.receive(String(data)));
    });
    return cdp;
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { message: string };
    };
    if (message.method) for (const listener of this.listeners) listener(message.method, message.params);
    if (message.id === undefined) return;
    const waiter = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) waiter?.fail(new Error(message.error.message));
    else waiter?.done(message.result);
  }

  /** Sends `method` to the browser, or to the attached target of `sessionId`; fails after `ms`. */
  send<T = unknown>(method: string, params: object = {}, sessionId?: string, ms = 30_000): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((done, fail) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new Error(`${method} did not answer in ${ms / 1000} s`));
      }, ms);
      this.pending.set(id, {
        done: (value) => {
          clearTimeout(timer);
          done(value as T);
        },
        fail: (error) => {
          clearTimeout(timer);
          fail(error);
        },
      });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  async targets(): Promise<TargetInfo[]> {
    return (await this.send<{ targetInfos: TargetInfo[] }>('Target.getTargets', { filter: [{}] }))
      .targetInfos;
  }

  /** The JS heap used by the target's isolate after a forced garbage collection. */
  async heapAfterGc(targetId: string): Promise<HeapUsage> {
    const sessionId = await this.attach(targetId);
    try {
      return await this.sessionHeap(sessionId);
    } finally {
      await this.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    }
  }

  /**
   * The same for the dedicated workers `targetId` started: the browser lists them, but only a session
   * auto-attached through their page can talk to them.
   */
  async workerHeapsAfterGc(targetId: string): Promise<HeapUsage[]> {
    return this.inWorkers(targetId, (sessionId) => this.sessionHeap(sessionId));
  }

  /** Evaluates `expression` (awaited, returned by value) in the first dedicated worker `targetId` started. */
  async evaluateInWorker<T>(targetId: string, expression: string): Promise<T> {
    const [value] = await this.inWorkers(targetId, async (sessionId) => {
      const { result, exceptionDetails } = await this.send<{
        result: { value: T };
        exceptionDetails?: { text: string };
      }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
      if (exceptionDetails) throw new Error(exceptionDetails.text);
      return result.value;
    });
    if (value === undefined) throw new Error('the target runs no worker');
    return value;
  }

  /** Runs `work` with a session on each dedicated worker `targetId` started, reached through its page. */
  private async inWorkers<T>(targetId: string, work: (sessionId: string) => Promise<T>): Promise<T[]> {
    const sessionId = await this.attach(targetId);
    const workers: string[] = [];
    const listener = (method: string, params: unknown) => {
      const event = params as { sessionId: string; targetInfo: TargetInfo };
      if (method === 'Target.attachedToTarget' && event.targetInfo.type === 'worker')
        workers.push(event.sessionId);
    };
    this.listeners.add(listener);
    try {
      await this.send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
        sessionId,
      );
      for (let i = 0; i < 20 && workers.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const results: T[] = [];
      for (const worker of workers) results.push(await work(worker));
      return results;
    } finally {
      this.listeners.delete(listener);
      await this.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    }
  }

  private async attach(targetId: string): Promise<string> {
    return (await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true }))
      .sessionId;
  }

  private async sessionHeap(sessionId: string): Promise<HeapUsage> {
    await this.send('HeapProfiler.collectGarbage', {}, sessionId);
    return this.send<HeapUsage>('Runtime.getHeapUsage', {}, sessionId);
  }

  close(): void {
    this.socket.close();
  }
}
