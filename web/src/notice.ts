const SHOW_MS = 5000;

/** A short message under the board (a refused move, a dropped request) that clears itself. */
export class Notice {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly element: HTMLElement) {}

  show(text: string): void {
    clearTimeout(this.timer);
    this.element.textContent = text;
    this.timer = setTimeout(() => this.clear(), SHOW_MS);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.element.textContent = '';
  }
}
