import { describe, expect, it } from 'vitest';
import { newRoom } from '../../../src/rooms/new-room';
import { moveStep } from '../../../src/rooms/play';
import { currentStateFor, presentEvent, stateAt } from '../../../src/rooms/present';
import type { RoomRecord, StoredEvent } from '../../../src/rooms/record';
import { goOffline, joinStep } from '../../../src/rooms/seats';

const NOW = 1_700_000_000_000;

const seated = (record: RoomRecord, connectionId: string): RoomRecord => {
  const decision = joinStep(record, {
    connectionId,
    name: `name-${connectionId}`,
    newPlayerId: `player-${connectionId}`,
    newToken: `token-${connectionId}-xxxxxxxxxxxx`,
    newSpectatorToken: `watch-${connectionId}-xxxxxxxxxxxx`,
    now: NOW,
  });
  if (decision.kind !== 'seat') throw new Error('expected a seat');
  return decision.change.record;
};

const playingRoom = (): RoomRecord =>
  seated(seated(newRoom('r1', { game: 'connect4', visibility: 'public', clock: { turnSeconds: 30 }, reconnectSeconds: 60 }, NOW), 'c0'), 'c1');

describe('what leaves the server', () => {
  it('shows seats, status, whose move, the clock and the board, but no token hash and no connection id', () => {
    const record = playingRoom();

    const state = currentStateFor(record, null);

    expect(state).toMatchObject({
      game: 'connect4',
      round: 1,
      status: 'playing',
      reason: null,
      toMove: [0],
      turn: 0,
      winner: null,
      deadline: NOW + 30_000,
      clock: { turnSeconds: 30 },
      visibility: 'public',
      spectators: 0,
      rematch: [],
    });
    expect(state.players).toEqual([
      { seat: 0, playerId: 'player-c0', name: 'name-c0', online: true },
      { seat: 1, playerId: 'player-c1', name: 'name-c1', online: true },
    ]);
    const text = JSON.stringify(state);
    expect(text).not.toContain('tokens');
    expect(text).not.toContain(record.seats[0]?.tokens[0]);
    expect(text).not.toContain('"c0"');
  });

  it('shows an offline player with the time by which the seat must be taken back', () => {
    const offline = goOffline(playingRoom(), ['c1'], NOW)?.record as RoomRecord;

    expect(currentStateFor(offline, 0).players[1]).toEqual({ seat: 1, playerId: 'player-c1', name: 'name-c1', online: false, returnBy: NOW + 60_000 });
  });

  it("presents a move with the game's own description of it and the state after it", () => {
    const { record, events } = moveStep(playingRoom(), 'c0', { column: 3 }, NOW);
    const stored: StoredEvent = { seq: 5, type: 'moved', at: NOW, fields: events[0]?.fields ?? {}, after: stateAt(record) };

    const event = presentEvent('r1', stored, null);

    expect(event).toMatchObject({ type: 'moved', room: 'r1', seq: 5, by: 0, column: 3, state: { toMove: [1] } });
    expect(event).not.toHaveProperty('move');
  });

  it('presents a chat line as it was said, without a state', () => {
    const stored: StoredEvent = { seq: 2, type: 'chat', at: NOW, fields: { playerId: 'p', name: 'Ada', seat: 0, text: 'hi' } };

    expect(presentEvent('r1', stored, 1)).toEqual({ type: 'chat', room: 'r1', seq: 2, playerId: 'p', name: 'Ada', seat: 0, text: 'hi' });
  });
});
