/**
 * The page's own world, as a test reaches it over the DevTools protocol: code run there as the page's scripts
 * run (no user gesture: `page.evaluate` grants one), and the extension's closed shadow roots, which the page
 * cannot reach, handed to a test's function by the protocol (`DOM.getDocument` with `pierce: true`): never
 * through a hook left in the product. Used by the Playwright suite (tests/e2e) and, in Chromium, by the shared
 * suite (tests/e2e-both, which has the WebDriver BiDi twin for Firefox).
 */

/** A DevTools protocol session's `send` (Playwright's and Puppeteer's have this shape). */
// biome-ignore lint/suspicious/noExplicitAny: protocol replies are untyped here
export type CdpSend = (method: any, params?: any) => Promise<any>;

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

/** A function run in the page with the roots found and the test's argument; its result comes back as JSON. */
export type InRoots<A, T> = (roots: ShadowRoot[], arg: A) => T | Promise<T>;

/** `fn`'s source as a protocol function: the argument and the result cross as JSON. */
export const rootsFunction = (fn: InRoots<never, unknown>) =>
  `async function (argument, ...roots) { return JSON.stringify(await (${fn.toString()})(roots, JSON.parse(argument))); }`;

/**
 * Runs `fn(roots, arg)` in the page's main world, with the shadow roots (closed ones included) of the elements
 * `hostSelector` matches, in document order.
 */
export async function cdpInRoots<A, T>(
  send: CdpSend,
  hostSelector: string,
  fn: InRoots<A, T>,
  arg: A,
): Promise<T> {
  const { root } = (await send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const shadowOf = new Map<number, number>();
  const walk = (node: CdpNode) => {
    const [shadow] = node.shadowRoots ?? [];
    if (shadow) shadowOf.set(node.nodeId, shadow.backendNodeId);
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
  };
  walk(root);
  const { nodeIds } = (await send('DOM.querySelectorAll', {
    nodeId: root.nodeId,
    selector: hostSelector,
  })) as {
    nodeIds: number[];
  };
  // Resolved all at once: one round trip after another took seconds on a 2,000-entry listing.
  const roots = await Promise.all(
    nodeIds
      .map((nodeId) => shadowOf.get(nodeId))
      .filter((backendNodeId) => backendNodeId !== undefined)
      .map(
        async (backendNodeId) => (await send('DOM.resolveNode', { backendNodeId })).object.objectId as string,
      ),
  );
  const document = (await send('DOM.resolveNode', { nodeId: root.nodeId })).object.objectId;
  return jsonResult(
    await send('Runtime.callFunctionOn', {
      objectId: document,
      functionDeclaration: rootsFunction(fn as InRoots<never, unknown>),
      arguments: [{ value: JSON.stringify(arg ?? null) }, ...roots.map((objectId) => ({ objectId }))],
      returnByValue: true,
      awaitPromise: true,
      userGesture: false,
    }),
  );
}

/** Runs `fn(arg)` in the page's main world as its own scripts run: without a user gesture. */
export async function cdpInPage<A, T>(send: CdpSend, fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
  return jsonResult(
    await send('Runtime.evaluate', {
      expression: `(async () => JSON.stringify(await (${fn.toString()})(${JSON.stringify(arg ?? null)})))()`,
      returnByValue: true,
      awaitPromise: true,
      userGesture: false,
    }),
  );
}

/** What a function run over the protocol gave back as JSON, or the error it threw. */
function jsonResult<T>({
  result,
  exceptionDetails,
}: {
  result: { value?: string };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}): T {
  if (exceptionDetails)
    throw new Error(`In the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value === undefined ? (undefined as T) : (JSON.parse(result.value) as T);
}

/**
 * For `inRoots(page, host, centreOf, selector)`: the centre of `selector` in the first root, scrolled into view;
 * undefined while something else is on top of it there.
 */
export const centreOf: InRoots<string, { x: number; y: number } | undefined> = ([root], selector) => {
  const target = root?.querySelector(selector);
  if (!target) return undefined;
  target.scrollIntoView({ block: 'center' });
  const rect = target.getBoundingClientRect();
  const centre = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
  const hit = root?.elementFromPoint(centre.x, centre.y);
  return hit && target.contains(hit) ? centre : undefined;
};

/**
 * Where a click is to land: the centre `read` gives, once two reads 150 ms apart agree. Marks drawn late (a
 * related mark, a saved one) move a long listing under a click aimed a moment before (for `eventually`).
 */
export async function settledCentre(
  read: () => Promise<{ x: number; y: number } | undefined>,
): Promise<{ x: number; y: number } | undefined> {
  const first = await read();
  if (!first) return undefined;
  await new Promise((resolve) => setTimeout(resolve, 150));
  const second = await read();
  return second && second.x === first.x && second.y === first.y ? second : undefined;
}

/** What a mark shows, read inside its closed root: the entry, its marks' states, its clip button's label. */
export interface MarkView {
  id: string;
  marks: string[];
  /** The "+ Clip" button's label, when it has one. */
  clip: string | null;
  /** The mark's box: x, y, width, height. */
  box: number[];
}

export const MARK_HOSTS = '[data-papershelf="mark"]';

/** For `inRoots(page, MARK_HOSTS, readMarks, null)`: every mark of the page, in document order. */
export const readMarks: InRoots<null, MarkView[]> = (roots) =>
  roots.map((root) => {
    const box = root.querySelector('.box')?.getBoundingClientRect();
    return {
      id: (root.host as HTMLElement).dataset.papershelfId ?? '',
      marks: [...root.querySelectorAll('[data-testid="papershelf-mark"]')].map(
        (m) => m.getAttribute('data-state') ?? '',
      ),
      clip: root.querySelector('[data-testid="papershelf-clip"]')?.getAttribute('data-label') ?? null,
      box: box ? [box.x, box.y, box.width, box.height] : [],
    };
  });

export const CHIP_HOST = '[data-papershelf="chip"]';

/** For `inRoots(page, CHIP_HOST, readChip, null)`: the corner control's label, and its "Clip" button's, if any. */
export const readChip: InRoots<null, { label: string | null; clip: string | null; open: boolean } | null> = ([
  root,
]) =>
  root
    ? {
        label: root.querySelector('[data-testid="papershelf-chip"]')?.getAttribute('aria-label') ?? null,
        clip: root.querySelector('[data-testid="papershelf-chip-clip"]')?.getAttribute('data-label') ?? null,
        open: root.querySelector('iframe') !== null,
      }
    : null;

/** What `tabStopsOfMarks` needs of a page, Playwright's or Puppeteer's. */
interface Tabbable {
  keyboard: { press(key: string): Promise<unknown> };
  evaluate<T>(fn: () => T): Promise<T>;
}

/**
 * A person tabbing through the page, as the page itself can follow it (`document.activeElement` after each
 * Tab): for each mark's entry, how many Tab presses in a row its host held the focus the first time it did.
 */
export async function tabStopsOfMarks(page: Tabbable, presses: number): Promise<Record<string, number>> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen: (string | null)[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    seen.push(
      await page.evaluate(
        () => (document.activeElement as HTMLElement | null)?.getAttribute('data-papershelf-id') ?? null,
      ),
    );
  }
  const stops: Record<string, number> = {};
  const left = new Set<string>();
  seen.forEach((id, i) => {
    const previous = seen[i - 1];
    if (previous && previous !== id) left.add(previous);
    if (id !== null && !left.has(id)) stops[id] = (stops[id] ?? 0) + 1;
  });
  return stops;
}
