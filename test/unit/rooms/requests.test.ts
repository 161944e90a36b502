import { describe, expect, it } from 'vitest';
import { ArenaError } from '../../../src/errors';
import { Limits } from '../../../src/protocol';
import { newRoom } from '../../../src/rooms/new-room';
import type { RoomRecord } from '../../../src/rooms/record';
import { APPLIED_PER_PLAYER, findApplied, rememberApplied, requestHash } from '../../../src/rooms/requests';

const NOW = 1_700_000_000_000;
const room = (): RoomRecord => newRoom('r1', { game: 'connect4', visibility: 'private', clock: null, reconnectSeconds: 60 }, NOW);

describe('exactly-once bookkeeping of game requests', () => {
  it('hashes a request without its id and whatever the order of its keys', () => {
    const a = requestHash({ action: 'move', room: 'r1', column: 3, id: '1' });
    const b = requestHash({ column: 3, id: '99', room: 'r1', action: 'move' });

    expect(a).toBe(b);
    expect(requestHash({ action: 'move', room: 'r1', column: 4, id: '1' })).not.toBe(a);
  });

  it('finds a request applied within the window, by player and id', () => {
    const record = rememberApplied(room(), { playerId: 'p0', id: 'm1', hash: 'h', version: 7, at: NOW });

    expect(findApplied(record, 'p0', 'm1', 'h', NOW + 1000)?.version).toBe(7);
    expect(findApplied(record, 'p1', 'm1', 'h', NOW + 1000)).toBeUndefined();
    expect(findApplied(record, 'p0', 'm1', 'h', NOW + Limits.idempotencyMs)).toBeUndefined();
  });

  it('refuses an id reused for a different request with ID_REUSED', () => {
    const record = rememberApplied(room(), { playerId: 'p0', id: 'm1', hash: 'h', version: 7, at: NOW });

    expect(() => findApplied(record, 'p0', 'm1', 'other', NOW)).toThrow(ArenaError);
    expect(() => findApplied(record, 'p0', 'm1', 'other', NOW)).toThrow(/already used for a different request/);
  });

  it(`keeps at most ${APPLIED_PER_PLAYER} per player and nothing older than the window, so the room stays small`, () => {
    let record = room();
    for (let i = 0; i < 20; i++) record = rememberApplied(record, { playerId: 'p0', id: `m${i}`, hash: 'h', version: i, at: NOW + i });
    record = rememberApplied(record, { playerId: 'p1', id: 'x', hash: 'h', version: 21, at: NOW + 21 });

    expect(record.applied.filter((entry) => entry.playerId === 'p0').map((entry) => entry.id)).toEqual(['m19', 'm18']);
    const later = rememberApplied(record, { playerId: 'p2', id: 'y', hash: 'h', version: 22, at: NOW + Limits.idempotencyMs + 100 });
    expect(later.applied.map((entry) => entry.playerId)).toEqual(['p2']);
  });
});
