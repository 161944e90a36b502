import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/local/stack';
import { launchChromium, screenshotsDir } from './support/chromium';
import { BrowserPlayer } from './support/player';
import { startBrowserStack } from './support/stack';

/**
 * The lobby in Chromium against its own local stack: quick play pairing two
 * windows, the lists of open rooms and live games, joining and watching from
 * them, and a room whose turn clock runs out.
 */
const WAIT = { timeout: 30_000 };

let stack: Stack;
let browser: Browser;
let ada: BrowserPlayer;
let bob: BrowserPlayer;
let cleo: BrowserPlayer;
let dan: BrowserPlayer;
let eve: BrowserPlayer;

beforeAll(async () => {
  await screenshotsDir();
  stack = await startBrowserStack();
  browser = await launchChromium();
  ada = await BrowserPlayer.open(browser, 'Ada');
  bob = await BrowserPlayer.open(browser, 'Bob');
  cleo = await BrowserPlayer.open(browser, 'Cleo');
  dan = await BrowserPlayer.open(browser, 'Dan');
  eve = await BrowserPlayer.open(browser, 'Eve');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const roomOf = (player: BrowserPlayer): string | null => new URL(player.page.url()).searchParams.get('room');

describe('the lobby in Chromium', () => {
  it('quick play from two windows puts both in one game, seats 0 and 1', async () => {
    await ada.goto(stack.httpUrl);
    await ada.page.locator('#quickplay-connect4').click();
    await ada.inGame();
    await expect.poll(() => ada.page.locator('#turn').textContent(), WAIT).toContain('Waiting for an opponent');

    await bob.goto(stack.httpUrl);
    await bob.page.locator('#quickplay-connect4').click();
    await bob.inGame();
    await bob.page.waitForURL(/\?room=/, WAIT);
    expect(roomOf(bob)).toBe(roomOf(ada));
    await expect.poll(() => ada.page.locator('#players li[data-seat="0"] .player-name').textContent(), WAIT).toBe('Ada (you)');
    await expect.poll(() => bob.page.locator('#players li[data-seat="1"] .player-name').textContent(), WAIT).toBe('Bob (you)');
    await expect.poll(() => ada.page.locator('#turn').textContent(), WAIT).toBe('Your turn (red).');
    await ada.drop(3);
    await bob.seesDisc(5, 3, 0);
  });

  it('a public room with a turn clock is listed as open; the quick-play game as live; per game; names as text; the lists refresh by themselves', async () => {
    // Cleo opens the lobby first: its lists catch up with the room created next without a reload.
    await cleo.goto(stack.httpUrl);
    await expect.poll(() => cleo.page.locator('#open-rooms li').allTextContents(), WAIT).toEqual(['No open room right now: quick play opens one.']);
    await dan.goto(stack.httpUrl);
    await dan.page.locator('#create-clock').selectOption('custom');
    await dan.page.locator('#create-clock-seconds').fill('3');
    await dan.page.locator('#create-public').check();
    await dan.page.locator('#create').click();
    await dan.inGame();
    await expect.poll(() => dan.page.locator('#turn').textContent(), WAIT).toContain('Waiting for an opponent');

    const open = cleo.page.locator(`#open-rooms .room-entry[data-room="${roomOf(dan)}"]`);
    await open.waitFor(WAIT);
    expect(await open.textContent()).toBe('Dan3 s per turnJoin');
    const live = cleo.page.locator(`#live-rooms .room-entry[data-room="${roomOf(ada)}"]`);
    await live.waitFor(WAIT);
    expect(await live.textContent()).toBe('Ada vs Bobno clockWatch');
    await cleo.screenshot('lobby-lists');

    // The other game's tab lists its own rooms: one opened by quick play, whose player's name is markup, shown as text.
    // 23 characters: names are at most 24.
    const hostile = '<img src=x onerror=a()>';
    const mallory = await BrowserPlayer.open(browser, hostile);
    await mallory.goto(stack.httpUrl);
    await mallory.page.locator('#quickplay-battleship').click();
    await mallory.inGame();
    await cleo.page.locator('#rooms-tabs [data-game="battleship"]').click();
    await expect.poll(() => cleo.page.locator('#open-rooms .room-players').allTextContents(), WAIT).toEqual([hostile]);
    await expect.poll(() => cleo.page.locator('#live-rooms li').allTextContents(), WAIT).toEqual(['No game being played right now.']);
    expect(await cleo.page.locator('img').count()).toBe(0);
    expect(await mallory.page.locator('#players li[data-seat="0"] .player-name').textContent()).toBe(`${hostile} (you)`);
    expect([...cleo.dialogs, ...mallory.dialogs]).toEqual([]);
    await mallory.close();
    await cleo.page.locator('#rooms-tabs [data-game="connect4"]').click();
    await live.waitFor(WAIT);
  });

  it('clicking a live game watches it', async () => {
    await cleo.page.locator(`#live-rooms .room-entry[data-room="${roomOf(ada)}"]`).click();
    await cleo.inGame();
    await expect.poll(() => cleo.page.locator('#chat-log li').first().textContent(), WAIT).toMatch(/^You are watching room/);
    await cleo.seesDisc(5, 3, 0);
  });

  it('a turn clock running out ends the game on both screens, in words', async () => {
    await eve.goto(stack.httpUrl);
    await eve.page.locator(`#open-rooms .room-entry[data-room="${roomOf(dan)}"]`).click();
    await eve.inGame();
    // Dan is to move (seat 0) with 3 s on the clock, and does not.
    await expect.poll(() => dan.page.locator('#clock').textContent(), WAIT).toMatch(/^\d s left for your move\.$/);
    await expect.poll(() => eve.page.locator('#clock').textContent(), WAIT).toMatch(/^\d s left for Dan\.$/);
    await dan.screenshot('clock-running');

    // Nobody acts from here on: the server's own timer must end the game at the deadline.
    for (const player of [dan, eve]) {
      await expect.poll(() => player.page.locator('#result').isVisible(), { ...WAIT, message: `${player.name}'s page shows a result: the server ends a game whose turn clock ran out` }).toBe(true);
    }
    expect(await dan.page.locator('#result-text').textContent()).toBe('You ran out of time: Eve wins.');
    expect(await eve.page.locator('#result-text').textContent()).toBe('Dan ran out of time: you win!');
    expect(await dan.page.locator('#clock').isVisible()).toBe(false);
    await eve.screenshot('clock-ran-out');
  });

  it('a seat taken back from another device: the first window is put out, and says so', async () => {
    const room = roomOf(ada) ?? '';
    // Ada's phone: a browser of its own, given the seat token her first browser saved.
    const phone = await BrowserPlayer.open(browser, 'Ada');
    const key = `serverless-arena:seats:${room}`;
    const seats = await ada.page.evaluate((name) => localStorage.getItem(name), key);
    expect(seats).not.toBeNull();
    await phone.page.goto(stack.httpUrl);
    await phone.page.evaluate(([name, value]) => localStorage.setItem(name as string, value as string), [key, seats]);
    await phone.goto(`${stack.httpUrl}/?room=${room}`);
    await phone.page.locator('#join-invited').click();
    await phone.inGame();
    await expect.poll(() => phone.page.locator('#players li[data-seat="0"] .player-name').textContent(), WAIT).toBe('Ada (you)');

    await ada.page.locator('#lobby').waitFor({ state: 'visible', ...WAIT });
    expect(await ada.page.locator('#lobby-notice').textContent()).toBe('Your seat was taken by another window.');
    expect(await ada.page.locator('#game').isVisible()).toBe(false);
    // The game goes on from the phone.
    await expect.poll(() => bob.page.locator('#turn').textContent(), WAIT).toBe('Your turn (yellow).');
    await bob.drop(4);
    await phone.seesDisc(5, 4, 1);
    await ada.screenshot('evicted');
    expect(phone.pageErrors).toEqual([]);
    await phone.close();
  });

  it('nothing on any page failed or broke its CSP', () => {
    for (const player of [ada, bob, cleo, dan, eve]) {
      expect(player.pageErrors, player.name).toEqual([]);
      expect(player.consoleErrors.filter((text) => /Content.Security.Policy/i.test(text)), player.name).toEqual([]);
    }
  });
});
