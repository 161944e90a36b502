import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../../src/protocol';
import { awayTexts, clockText, formatDuration } from '../../../web/src/countdown';
import { clockFrom } from '../../../web/src/create-options';
import { battleship } from '../../../web/src/games/battleship';
import { connectFour } from '../../../web/src/games/connect-four';
import { resultText } from '../../../web/src/result';
import { turnText } from '../../../web/src/turn';
import { stateAt } from '../client/fake-network';

const names = ['Ada', 'Bob'];
const nameOf = (seat: number) => names[seat] ?? '?';
const ada = { playerId: 'pA', seat: 0 };
const bob = { playerId: 'pB', seat: 1 };
const cleo = { playerId: 'sC', seat: null };

describe('the result in words', () => {
  const won = (reason: RoomState['reason'], winner = 1) => stateAt({ status: 'won', winner, reason, toMove: [], turn: null });

  it('says who ran out of time and who wins, for each viewer', () => {
    expect(resultText(connectFour, won('timeout'), ada, nameOf)).toBe('You ran out of time: Bob wins.');
    expect(resultText(connectFour, won('timeout'), bob, nameOf)).toBe('Ada ran out of time: you win!');
    expect(resultText(connectFour, won('timeout'), cleo, nameOf)).toBe('Ada ran out of time: Bob wins.');
  });

  it('says who left and did not come back, and who left the game', () => {
    expect(resultText(battleship, won('abandoned'), cleo, nameOf)).toBe('Ada left and did not come back: Bob wins.');
    expect(resultText(battleship, won('forfeit'), bob, nameOf)).toBe('Ada left the game: you win!');
  });

  it('a win on the board, and draws: the game’s words for its own draw', () => {
    expect(resultText(connectFour, won('win', 0), ada, nameOf)).toBe('You win!');
    expect(resultText(connectFour, won('win', 0), bob, nameOf)).toBe('Ada wins. Well played!');
    expect(resultText(connectFour, won('win', 0), cleo, nameOf)).toBe('Ada (red) wins!');
    expect(resultText(battleship, won('win', 0), cleo, nameOf)).toBe('Ada wins!');
    expect(resultText(connectFour, stateAt({ status: 'draw', reason: 'draw' }), cleo, nameOf)).toBe('Draw: the board is full.');
    expect(resultText(connectFour, stateAt({ status: 'draw', reason: 'timeout' }), cleo, nameOf)).toBe('Time ran out for everyone: draw.');
  });
});

describe('the turn line', () => {
  it('follows toMove: your turn, or who is awaited (offline said)', () => {
    expect(turnText(connectFour, stateAt(), ada, nameOf)).toEqual({ text: 'Your turn (red).', mine: true });
    expect(turnText(connectFour, stateAt(), bob, nameOf)).toEqual({ text: 'Waiting for Ada (red).', mine: false });
    const offline = stateAt({ players: [{ seat: 0, playerId: 'pA', name: 'Ada', online: false, returnBy: 1 }] });
    expect(turnText(battleship, { ...offline, phase: 'battle' }, bob, nameOf)).toEqual({ text: 'Waiting for Ada (offline).', mine: false });
  });

  it('in Battleship’s placement: place your fleet, or who has still to place', () => {
    const placing = stateAt({ game: 'battleship', toMove: [0, 1], turn: null, phase: 'placement', placed: [false, false] });
    expect(turnText(battleship, placing, ada, nameOf)).toEqual({ text: 'Place your fleet.', mine: true });
    expect(turnText(battleship, placing, cleo, nameOf)).toEqual({ text: 'Waiting for Ada and Bob to place.', mine: false });
    const adaPlaced = { ...placing, toMove: [1], placed: [true, false] };
    expect(turnText(battleship, adaPlaced, ada, nameOf)).toEqual({ text: 'Waiting for Bob to place.', mine: false });
  });
});

describe('the clocks', () => {
  it('formats a duration rounded up to the second', () => {
    expect([1, 999, 42_000, 60_000, 65_500, 3_600_000, 90_061_000].map(formatDuration)).toEqual(['1 s', '1 s', '42 s', '1:00', '1:06', '1 h 00 min', '1 d 1 h']);
  });

  it('counts down to the deadline for whoever is to move, and says when it is up', () => {
    const clocked = stateAt({ deadline: 100_000, clock: { turnSeconds: 30 } });
    expect(clockText(clocked, ada, nameOf, 58_000)).toEqual({ text: '42 s left for your move.', urgent: false });
    expect(clockText(clocked, bob, nameOf, 95_000)).toEqual({ text: '5 s left for Ada.', urgent: true });
    expect(clockText(clocked, bob, nameOf, 100_000)).toEqual({ text: 'Time is up for Ada.', urgent: true });
    expect(clockText(stateAt(), ada, nameOf, 0)).toBeUndefined();
    expect(clockText({ ...clocked, status: 'won' }, ada, nameOf, 0)).toBeUndefined();
  });

  it('says how long an offline player has to come back', () => {
    const away = stateAt({ players: [{ seat: 0, playerId: 'pA', name: 'Ada', online: true }, { seat: 1, playerId: 'pB', name: 'Bob', online: false, returnBy: 60_000 }] });
    expect(awayTexts(away, ada, 18_000)).toEqual(['Bob has 42 s to come back.']);
    expect(awayTexts(away, ada, 60_000)).toEqual(['Bob did not come back in time.']);
  });
});

describe('the create form’s clock', () => {
  it('takes presets and custom seconds within the server’s bounds, and refuses the rest with a sentence', () => {
    expect(clockFrom('', '')).toEqual({ clock: undefined });
    expect(clockFrom('30', '')).toEqual({ clock: { turnSeconds: 30 } });
    expect(clockFrom('custom', ' 2 ')).toEqual({ clock: { turnSeconds: 2 } });
    expect(clockFrom('custom', '604800')).toEqual({ clock: { turnSeconds: 604_800 } });
    for (const bad of ['1', '604801', '7.5', '', 'ten']) expect(clockFrom('custom', bad)).toHaveProperty('error');
  });
});
