/**
 * A handler that runs only for a person's own click or key: a page's script can call `click()` or dispatch
 * events, and those are not `isTrusted`. Every on-page handler goes through this.
 */
export function byPerson<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    event.preventDefault();
    event.stopPropagation();
    if (event.isTrusted) handler(event);
  };
}

/**
 * The props of a view's one box, whatever it shows: a person's click anywhere in it ends there (the page's
 * listeners hear no bubbling click and see it default-prevented, as after a click on one of its buttons) and puts
 * the focus in it (`document.activeElement` is the host, as after a click on a button). Otherwise a click on
 * "✓ In library" bubbled to the page unprevented and left the focus on the body, while one on "+ Clip" did neither:
 * a page that moves an entry under the pointer before a person's click would learn which it was.
 */
export const OneBox = {
  tabIndex: -1,
  onClick: (event: Event) => {
    event.preventDefault();
    event.stopPropagation();
  },
  /**
   * The arrow keys move the focus between the box's buttons (one Tab stop per box, whatever it shows), and end
   * there in every box, with one button or two.
   */
  onKeyDown: (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    event.stopPropagation();
    const box = event.currentTarget as HTMLElement;
    const buttons = [...box.querySelectorAll('button')];
    const at = buttons.indexOf((box.getRootNode() as ShadowRoot).activeElement as HTMLButtonElement);
    const next = buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
    if (event.isTrusted && at >= 0) next?.focus();
  },
} as const;
