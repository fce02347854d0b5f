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
