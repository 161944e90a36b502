import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/local/stack';
import { launchChromium, screenshotsDir } from './support/chromium';
import { BrowserPlayer } from './support/player';
import { startBrowserStack } from './support/stack';

/**
 * Real Chromium against the real local stack (embedded DynamoDB + serverless
 * offline), through the page served by the `page` function. One scenario, in
 * steps that build on each other: a game from a shared link to a win, watched
 * by a third window on a phone-sized screen, with one player's network cut in
 * the middle, a hostile chat line, and a rematch.
 */
const WAIT = { timeout: 30_000 };

let stack: Stack;
let httpUrl: string;
let websocketUrl: string;
let browser: Browser;
let ada: BrowserPlayer;
let bob: BrowserPlayer;
let cleo: BrowserPlayer;
let roomLink: string;

beforeAll(async () => {
  await screenshotsDir();
  stack = await startBrowserStack();
  ({ httpUrl, websocketUrl } = stack);
  browser = await launchChromium();
  ada = await BrowserPlayer.open(browser, 'Ada');
  bob = await BrowserPlayer.open(browser, 'Bob');
  cleo = await BrowserPlayer.open(browser, 'Cleo', { width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const everyone = () => [ada, bob, cleo];

/** Drops a disc and waits until every window (players and spectator) shows it where it landed. */
const play = async (player: BrowserPlayer, column: number, row: number, seat: number) => {
  await player.drop(column);
  await Promise.all(everyone().map((p) => p.seesDisc(row, column, seat)));
};

describe('the game page in Chromium', () => {
  it('serves the page with a strict Content-Security-Policy naming the WebSocket API', async () => {
    const response = await fetch(httpUrl);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src ${new URL(websocketUrl).origin}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(await response.text()).toContain(`content="${websocketUrl}"`);
  });

  it('Ada creates a room: the id the server chose goes into the URL, ready to share', async () => {
    await ada.goto(httpUrl);
    await ada.screenshot('01-lobby');
    await ada.page.locator('#create').click();
    await ada.inGame();
    await ada.page.waitForURL(/\?room=[A-Za-z0-9_-]{10}$/, WAIT);
    roomLink = ada.page.url();
    expect(await ada.page.locator('#share-link').inputValue()).toBe(roomLink);
    await expect.poll(() => ada.page.locator('#turn').textContent(), WAIT).toContain('Waiting for an opponent');
  });

  it('Bob joins from the shared link and the game starts; Cleo, third, watches', async () => {
    const room = new URL(roomLink).searchParams.get('room');
    await bob.goto(roomLink);
    expect(await bob.page.locator('#invite-room').textContent()).toBe(room);
    await bob.page.locator('#join-invited').click();
    await bob.inGame();

    await cleo.goto(roomLink);
    await cleo.page.locator('#join-invited').click();
    await cleo.inGame();

    await expect.poll(() => ada.page.locator('#turn').textContent(), WAIT).toBe('Your turn (red).');
    await expect.poll(() => bob.page.locator('#turn').textContent(), WAIT).toBe('Waiting for Ada (red).');
    await expect.poll(() => cleo.page.locator('#players li').allTextContents(), WAIT).toEqual(['Adaonline', 'Bobonline']);
    await expect.poll(() => cleo.page.locator('#spectators').textContent(), WAIT).toBe('1 spectator watching, you included.');
    await bob.page.locator('#chat-input').fill('good luck!');
    await bob.page.locator('#chat-input').press('Enter');
    await expect.poll(() => ada.page.locator('#chat-log li').last().textContent(), WAIT).toBe('Bob:good luck!');
    // Nobody is told a spectator came (that would cost a message to everyone per spectator): the count rides on the next event.
    await expect.poll(() => ada.page.locator('#spectators').textContent(), WAIT).toBe('1 spectator watching.');
  });

  it('plays by clicking columns, every move reaching both players and the spectator', async () => {
    await play(ada, 3, 5, 0);
    await play(bob, 4, 5, 1);
    await play(ada, 3, 4, 0);
    await play(bob, 4, 4, 1);
    // The other player's columns do nothing while it is not your turn.
    expect(await bob.page.locator('.column[data-column="0"]').getAttribute('aria-disabled')).toBe('true');
    await ada.screenshot('02-game-in-progress');
  });

  it('Bob loses his connection: his page says reconnecting, the room sees him offline, and he comes back to a game that went on', async () => {
    await bob.cutNetwork();
    await bob.page.locator('#connection[data-state="reconnecting"]').waitFor(WAIT);
    expect(await bob.page.locator('#connection').textContent()).toBe('Reconnecting…');
    await ada.page.locator('#players li[data-seat="1"] .presence.offline').waitFor(WAIT);
    // The seat waits for him a while (reconnectSeconds, 60 s by default), counted down for the others.
    await expect.poll(() => ada.page.locator('#away li').allTextContents(), WAIT).toEqual([expect.stringMatching(/^Bob has \d+ s to come back\.$/)]);
    await bob.screenshot('03-bob-reconnecting');

    // Ada plays on while Bob is away.
    await ada.drop(3);
    await ada.seesDisc(3, 3, 0);
    await cleo.seesDisc(3, 3, 0);

    await bob.restoreNetwork();
    await bob.page.locator('#connection[data-state="open"]').waitFor({ timeout: 60_000 });
    // The move made while he was away reached him through the resync.
    await bob.seesDisc(3, 3, 0);
    await ada.page.locator('#players li[data-seat="1"] .presence:not(.offline)').waitFor(WAIT);
    expect(await ada.page.locator('#away li').count()).toBe(0);
    expect(await bob.page.locator('#turn').textContent()).toBe('Your turn (yellow).');
    await expect.poll(() => bob.page.locator('#chat-log li').allTextContents(), WAIT).toContain('Bob is back.');
  });

  it('the game continues to a win: banner for everyone, the winning line marked', async () => {
    await play(bob, 4, 3, 1);
    await play(ada, 3, 2, 0);

    for (const player of everyone()) await player.page.locator('#result').waitFor({ state: 'visible', ...WAIT });
    expect(await ada.page.locator('#result-text').textContent()).toBe('You win!');
    expect(await bob.page.locator('#result-text').textContent()).toBe('Ada wins. Well played!');
    expect(await cleo.page.locator('#result-text').textContent()).toBe('Ada (red) wins!');
    expect(await cleo.page.locator('#rematch').isVisible()).toBe(false);
    expect(await cleo.page.locator('.cell.winning').count()).toBe(4);
    // The spectator's board holds every move of the game.
    const discs = await cleo.page.locator('.cell[data-seat]').evaluateAll((cells) =>
      cells.map((cell) => `${cell.getAttribute('data-row')},${cell.getAttribute('data-col')}:${cell.getAttribute('data-seat')}`).sort(),
    );
    expect(discs).toEqual(['2,3:0', '3,3:0', '3,4:1', '4,3:0', '4,4:1', '5,3:0', '5,4:1']);
    await ada.screenshot('04-ada-wins');
    await cleo.screenshot('05-spectator-phone');
  });

  it('shows chat as text: an <img onerror> line creates no element and runs nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await ada.page.locator('#chat-input').fill(hostile);
    await ada.page.locator('#chat-form button[type="submit"]').click();
    for (const player of everyone()) {
      await expect.poll(() => player.page.locator('#chat-log li').last().textContent(), WAIT).toBe(`Ada:${hostile}`);
      expect(await player.page.locator('img').count(), player.name).toBe(0);
      expect(player.dialogs, player.name).toEqual([]);
    }
    await cleo.screenshot('06-chat-as-text');
  });

  it('a rematch starts a fresh board when both players ask, Bob opening; keys play too', async () => {
    await ada.page.locator('#rematch').click();
    await expect.poll(() => bob.page.locator('#rematch-status').textContent(), WAIT).toBe('Ada wants a rematch.');
    await bob.page.locator('#rematch').click();
    for (const player of everyone()) await player.page.locator('#result').waitFor({ state: 'hidden', ...WAIT });
    expect(await cleo.page.locator('.cell[data-seat]').count()).toBe(0);

    // Bob moved second in round 1, so he opens round 2: with the 5 key (column index 4).
    await bob.page.locator('#turn[data-mine="true"]').waitFor(WAIT);
    await bob.page.keyboard.press('5');
    await Promise.all(everyone().map((p) => p.seesDisc(5, 4, 1)));
    // Ada with the arrow keys: focus a column, move right twice, Enter.
    await ada.page.locator('#turn[data-mine="true"]').waitFor(WAIT);
    await ada.page.locator('.column[data-column="0"]').focus();
    await ada.page.keyboard.press('ArrowRight');
    await ada.page.keyboard.press('ArrowRight');
    await ada.page.keyboard.press('Enter');
    await Promise.all(everyone().map((p) => p.seesDisc(5, 2, 0)));
  });

  it('a reload puts Bob straight back in his seat', async () => {
    await bob.page.reload();
    await bob.inGame();
    await expect.poll(() => bob.page.locator('#players li[data-seat="1"] .player-name').textContent(), WAIT).toBe('Bob (you)');
    await bob.seesDisc(5, 4, 1);
    await play(bob, 4, 4, 1);
  });

  it('a second window of the same browser on the link watches instead of taking the seat of the first', async () => {
    const second = await ada.context.newPage();
    await second.goto(roomLink);
    await second.locator('#join-invited').click();
    await second.locator('#game').waitFor({ state: 'visible', ...WAIT });
    await expect.poll(() => second.locator('#chat-log li').first().textContent(), WAIT).toMatch(/^You are watching room/);
    // The first window still plays red.
    await play(ada, 2, 4, 0);
    await second.close();
  });

  it('fits a phone screen, and nothing on any page failed or broke its CSP', async () => {
    const overflow = await cleo.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const player of everyone()) {
      expect(player.pageErrors, player.name).toEqual([]);
      expect(player.consoleErrors.filter((text) => /Content.Security.Policy/i.test(text)), player.name).toEqual([]);
    }
  });
});
