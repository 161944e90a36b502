/** The element with `id`. The HTML and the scripts are built together: a missing one is a bug, so it throws. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
};

export interface ElementOptions {
  className?: string;
  /** Set as textContent: whatever it holds shows as text, never as markup. */
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates an element. There is deliberately no way to pass HTML: user data only ever becomes text. */
export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: Node[] = []): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  if (options.className !== undefined) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
};

/** True while the user types in a field, where keys must not act on the board. */
export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);

/** The player asked for less motion: animations are skipped. */
export const reducedMotion = (): boolean => matchMedia('(prefers-reduced-motion: reduce)').matches;
