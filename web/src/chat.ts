import { background } from './background';
import { el } from './dom';

const KEEP_LINES = 200;

export interface ChatLine {
  name?: string;
  seat?: number | null;
  text: string;
  /** Joins, departures and the like, shown apart from what people said. */
  system?: boolean;
}

/** The chat log and its form. Every line is text: `<img onerror>` typed by a player shows as those characters. */
export class ChatView {
  constructor(
    private readonly log: HTMLElement,
    form: HTMLFormElement,
    private readonly input: HTMLInputElement,
    onSend: (text: string) => Promise<boolean>,
  ) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === '') return;
      input.disabled = true;
      background.run(async () => {
        // A failed send is reported by onSend; the text stays for another try.
        if (await onSend(text)) input.value = '';
        input.disabled = false;
        input.focus();
      });
    });
  }

  append(line: ChatLine): void {
    const item = line.system
      ? el('li', { className: 'system', text: line.text })
      : el('li', {}, [el('span', { className: `who${line.seat === null || line.seat === undefined ? '' : ` seat-${line.seat}`}`, text: `${line.name ?? '?'}:` }), document.createTextNode(line.text)]);
    const atBottom = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 8;
    this.log.append(item);
    while (this.log.childElementCount > KEEP_LINES) this.log.firstElementChild?.remove();
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  clear(): void {
    this.log.replaceChildren();
  }
}
