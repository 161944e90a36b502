import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SCREENSHOTS } from './chromium';

const WAIT = { timeout: 30_000 };

interface NetworkSwitch {
  __arenaNetwork(online: boolean): void;
}

/**
 * Runs in the page before its scripts: wraps WebSocket so the test can take the
 * network away. Playwright's own switches do not reach WebSockets
 * (`context.setOffline` leaves them open, and closing a routed socket's server
 * side never reaches the server), so the page closes its sockets itself: the
 * server gets a real close and runs $disconnect. While offline, every new
 * socket is closed before its handshake completes, as with no network.
 */
const installNetworkSwitch = (): void => {
  const Native = window.WebSocket;
  const open = new Set<WebSocket>();
  let online = true;
  class SwitchedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (!online) {
        this.close();
        return;
      }
      open.add(this);
      this.addEventListener('close', () => open.delete(this));
    }
  }
  window.WebSocket = SwitchedWebSocket;
  (window as unknown as NetworkSwitch).__arenaNetwork = (next: boolean) => {
    online = next;
    if (next) return;
    for (const socket of open) socket.close(4000, 'network cut by the test');
    open.clear();
  };
};

/** One person in their own browser context (own storage, own socket), with what the page reported. */
export class BrowserPlayer {
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      return dialog.dismiss();
    });
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  /** A new context whose WebSockets the test can cut, like a network would (see `cutNetwork`). */
  static async open(browser: Browser, name: string, viewport = { width: 1100, height: 800 }): Promise<BrowserPlayer> {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(installNetworkSwitch);
    return new BrowserPlayer(name, context, await context.newPage());
  }

  /** Opens `url` and types the name into the lobby. */
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('#name').fill(this.name);
  }

  /** Closes the page's sockets (the server sees them close) and makes new ones fail until `restoreNetwork`. */
  async cutNetwork(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as NetworkSwitch).__arenaNetwork(false));
  }

  async restoreNetwork(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as NetworkSwitch).__arenaNetwork(true));
  }

  /** Waits until the page shows the game screen. */
  async inGame(): Promise<void> {
    await this.page.locator('#game').waitFor({ state: 'visible', ...WAIT });
  }

  /** Waits until it is this player's turn, then clicks the column. */
  async drop(column: number): Promise<void> {
    await this.page.locator('#turn[data-mine="true"]').waitFor(WAIT);
    await this.page.locator(`.column[data-column="${column}"]`).click();
  }

  cell(row: number, column: number) {
    return this.page.locator(`.cell[data-row="${row}"][data-col="${column}"]`);
  }

  /** The cells (`"row,column"`) of a Battleship sea that carry `className` on this page: `role` is `own`, `enemy` (a player's) or `seat` (a spectator's, with `seat`). */
  async seaCells(role: 'own' | 'enemy' | 'seat', className: string, seat?: number): Promise<string[]> {
    const sea = `.sea[data-role="${role}"]${seat === undefined ? '' : `[data-seat="${seat}"]`}`;
    return await this.page
      .locator(`${sea} .sea-cell.${className}`)
      .evaluateAll((cells) => cells.map((cell) => `${cell.getAttribute('data-row')},${cell.getAttribute('data-col')}`).sort());
  }

  /** Waits until it is this player's turn, then clicks a cell of the enemy sea. */
  async shoot(row: number, column: number): Promise<void> {
    await this.page.locator('#turn[data-mine="true"]').waitFor(WAIT);
    await this.page.locator(`.sea[data-role="enemy"] .sea-cell[data-row="${row}"][data-col="${column}"]`).click();
  }

  async seesDisc(row: number, column: number, seat: number): Promise<void> {
    await this.page.locator(`.cell[data-row="${row}"][data-col="${column}"][data-seat="${seat}"]`).waitFor(WAIT);
  }

  async screenshot(name: string): Promise<string> {
    const path = join(SCREENSHOTS, `${name}.png`);
    // Falling discs finish their fall, and no hover preview lingers where the last click was.
    await this.page.mouse.move(0, 0);
    await this.page.screenshot({ path, fullPage: true, animations: 'disabled' });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
