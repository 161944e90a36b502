import { describe, expect, it } from 'vitest';
import { ArenaError } from '../../../src/errors';
import { ROWS, type Board } from '../../../src/games/connect-four';
import { ErrorCodes, type ErrorCode } from '../../../src/protocol';
import type { RoomRecord } from '../../../src/rooms/record';
import { chat, disconnect, goOffline, join, leave, move, newRoom, rematch, seatOf, type JoinInput } from '../../../src/rooms/room';
import { hashSeatToken, seatTokenMatches } from '../../../src/rooms/seat-tokens';

const NOW = 1_700_000_000_000;

/** Deterministic stand-ins for what the caller draws at random. */
const tokenOf = (connectionId: string, generation = 0): string => `token-${connectionId}-${generation}-xxxxxxxxxxxx`;
const playerIdOf = (connectionId: string): string => `player-${connectionId}`;

const joinInput = (connectionId: string, extra: Partial<JoinInput> = {}): JoinInput => ({
  connectionId,
  name: `name-${connectionId}`,
  newPlayerId: playerIdOf(connectionId),
  newToken: tokenOf(connectionId),
  ...extra,
});

const emptyRoom = (): RoomRecord => newRoom('r1', 'connect4', NOW);

/** Seat 0 on connection c0 and seat 1 on c1: a game in progress, seat 0 to move. */
const playingRoom = (): RoomRecord => join(join(emptyRoom(), joinInput('c0')).record, joinInput('c1')).record;

/** Plays columns in turn, reading whose turn it is from the record. */
const playColumns = (record: RoomRecord, columns: readonly number[]): RoomRecord =>
  columns.reduce((current, column) => move(current, current.turn === 0 ? 'c0' : 'c1', { column }).record, record);

/** Seat 0 plays column 0 four times while seat 1 plays column 1: seat 0 wins vertically on move 7. */
const wonRoom = (): RoomRecord => playColumns(playingRoom(), [0, 1, 0, 1, 0, 1, 0]);

const boardOf = (record: RoomRecord): Board => record.board as Board;
const discs = (record: RoomRecord): number => boardOf(record).flat().filter((cell) => cell !== null).length;

/** Runs a transition that must be refused, and returns what it threw. */
const refusal = (transition: () => unknown): ArenaError => {
  try {
    transition();
  } catch (error) {
    expect(error).toBeInstanceOf(ArenaError);
    return error as ArenaError;
  }
  return expect.unreachable('the transition was not refused');
};

/** A refused transition throws `code` and leaves its input exactly as it was. */
const expectRefused = (record: RoomRecord, transition: (record: RoomRecord) => unknown, code: ErrorCode): ArenaError => {
  const before = structuredClone(record);
  const error = refusal(() => transition(record));
  expect(error.code).toBe(code);
  expect(record).toEqual(before);
  return error;
};

describe('room', () => {
  describe('newRoom', () => {
    it('starts waiting, round 1, seq 0, with empty seats and an empty board', () => {
      const record = newRoom('lobby-7', 'connect4', NOW);

      expect(record).toMatchObject({ room: 'lobby-7', game: 'connect4', seq: 0, round: 1, status: 'waiting', turn: null, winner: null });
      expect(record.seats).toEqual([null, null]);
      expect(record.events).toEqual([]);
      expect(record.updatedAt).toBe(NOW);
      expect(discs(record)).toBe(0);
    });

    it('refuses a game that has no rules', () => {
      const create = () => newRoom('r1', 'chess', NOW);

      expect(create).toThrow(/no rules registered for game "chess"/);
    });
  });

  describe('join', () => {
    it('gives seat 0 to the first joiner and seat 1 to the second', () => {
      const first = join(emptyRoom(), joinInput('c0'));
      const second = join(first.record, joinInput('c1'));

      expect(first.you).toEqual({ playerId: 'player-c0', seat: 0, token: tokenOf('c0') });
      expect(first.events).toEqual([{ type: 'joined', playerId: 'player-c0', name: 'name-c0', seat: 0 }]);
      expect(second.you).toEqual({ playerId: 'player-c1', seat: 1, token: tokenOf('c1') });
      expect(second.events).toEqual([{ type: 'joined', playerId: 'player-c1', name: 'name-c1', seat: 1 }]);
      expect(seatOf(second.record, 'c0')).toBe(0);
      expect(seatOf(second.record, 'c1')).toBe(1);
    });

    it('keeps the room waiting while only one seat is filled', () => {
      const { record } = join(emptyRoom(), joinInput('c0'));

      expect(record.status).toBe('waiting');
      expect(record.turn).toBeNull();
    });

    it('starts the game with seat 0 to move when both seats fill', () => {
      const waiting = join(emptyRoom(), joinInput('c0')).record;

      const { record } = join(waiting, joinInput('c1'));

      expect(record.status).toBe('playing');
      expect(record.turn).toBe(0);
      expect(record.round).toBe(1);
    });

    it('makes later joiners spectators, without a seat or a token', () => {
      const record = playingRoom();

      const result = join(record, joinInput('c2'));

      expect(result.you).toEqual({ playerId: 'player-c2', seat: null });
      expect(result.events).toEqual([{ type: 'joined', playerId: 'player-c2', name: 'name-c2', seat: null }]);
      expect(result.record).toEqual(record);
      expect(seatOf(result.record, 'c2')).toBeNull();
    });

    it('stores only the hash of a seat token, never the token', () => {
      const { record } = join(emptyRoom(), joinInput('c0'));

      expect(JSON.stringify(record)).not.toContain(tokenOf('c0'));
      expect(record.seats[0]?.tokenHash).toBe(hashSeatToken(tokenOf('c0')));
    });

    it('changes nothing when an already seated connection joins again', () => {
      const record = playingRoom();
      const before = structuredClone(record);

      const result = join(record, joinInput('c0', { name: 'renamed', newPlayerId: 'other-id', newToken: tokenOf('c0', 9) }));

      expect(result.events).toEqual([]);
      expect(result.you).toEqual({ playerId: 'player-c0', seat: 0 });
      expect(result.record).toEqual(before);
      expect(seatTokenMatches(tokenOf('c0'), result.record.seats[0]?.tokenHash ?? '')).toBe(true);
    });

    it('changes nothing when a watching connection joins again', () => {
      const record = playingRoom();

      const result = join(record, joinInput('c2', { currentPlayerId: 'player-c2', newPlayerId: 'fresh-id' }));

      expect(result.events).toEqual([]);
      expect(result.you).toEqual({ playerId: 'player-c2', seat: null });
      expect(result.record).toEqual(record);
    });

    describe('with a seat token', () => {
      it('reclaims the seat on the new connection and tells the room the player is online', () => {
        const offline = disconnect(playingRoom(), 'c0', 'player-c0').record;

        const result = join(offline, joinInput('c9', { name: 'back again', token: tokenOf('c0'), newToken: tokenOf('c0', 1) }));

        expect(result.you).toEqual({ playerId: 'player-c0', seat: 0, token: tokenOf('c0', 1) });
        expect(result.events).toEqual([{ type: 'presence', playerId: 'player-c0', seat: 0, online: true }]);
        expect(result.record.seats[0]).toMatchObject({ playerId: 'player-c0', name: 'back again', connectionId: 'c9' });
        expect(seatOf(result.record, 'c9')).toBe(0);
      });

      it('keeps the game as it was when a seat is reclaimed', () => {
        const midGame = playColumns(playingRoom(), [3, 4, 3]);
        const offline = disconnect(midGame, 'c1', 'player-c1').record;

        const { record } = join(offline, joinInput('c9', { token: tokenOf('c1'), newToken: tokenOf('c1', 1) }));

        expect(record.board).toEqual(midGame.board);
        expect(record).toMatchObject({ status: 'playing', turn: 1, round: 1 });
      });

      it('rotates the token, so the old one is then refused with BAD_REQUEST', () => {
        const offline = disconnect(playingRoom(), 'c0', 'player-c0').record;
        const reclaimed = join(offline, joinInput('c9', { token: tokenOf('c0'), newToken: tokenOf('c0', 1) })).record;

        const error = expectRefused(reclaimed, (record) => join(record, joinInput('c10', { token: tokenOf('c0') })), ErrorCodes.BAD_REQUEST);

        expect(error.message).toContain('room r1');
        expect(seatTokenMatches(tokenOf('c0', 1), reclaimed.seats[0]?.tokenHash ?? '')).toBe(true);
        expect(seatTokenMatches(tokenOf('c0'), reclaimed.seats[0]?.tokenHash ?? '')).toBe(false);
      });

      it('lets the rotated token reclaim the seat again', () => {
        const offline = disconnect(playingRoom(), 'c0', 'player-c0').record;
        const reclaimed = join(offline, joinInput('c9', { token: tokenOf('c0'), newToken: tokenOf('c0', 1) })).record;

        const again = join(reclaimed, joinInput('c10', { token: tokenOf('c0', 1), newToken: tokenOf('c0', 2) }));

        expect(again.you.seat).toBe(0);
        expect(seatOf(again.record, 'c10')).toBe(0);
      });

      it('refuses a random token and leaves the record unchanged', () => {
        const record = playingRoom();

        expectRefused(record, (current) => join(current, joinInput('c9', { token: 'random-guess-aaaaaaaaaaaa' })), ErrorCodes.BAD_REQUEST);
      });

      it('refuses the token of a seat that was given up', () => {
        const freed = leave(playingRoom(), 'c0', 'player-c0').record;

        expectRefused(freed, (current) => join(current, joinInput('c9', { token: tokenOf('c0') })), ErrorCodes.BAD_REQUEST);
      });
    });

    describe('with a verified identity', () => {
      it('takes a seat under the identity as player id', () => {
        const { you, record } = join(emptyRoom(), joinInput('c0', { identity: 'user-42' }));

        expect(you.playerId).toBe('user-42');
        expect(record.seats[0]).toMatchObject({ playerId: 'user-42', identity: 'user-42' });
      });

      it('reclaims the seat held by the same identity without a token', () => {
        const seated = join(join(emptyRoom(), joinInput('c0', { identity: 'user-42' })).record, joinInput('c1')).record;
        const offline = disconnect(seated, 'c0', 'user-42').record;

        const result = join(offline, joinInput('c9', { identity: 'user-42' }));

        expect(result.you).toEqual({ playerId: 'user-42', seat: 0, token: tokenOf('c9') });
        expect(result.events).toEqual([{ type: 'presence', playerId: 'user-42', seat: 0, online: true }]);
        expect(seatOf(result.record, 'c9')).toBe(0);
      });
    });

    it('starts a new round when a new player takes a seat freed after a finished game', () => {
      const finished = wonRoom();
      const freed = leave(finished, 'c1', 'player-c1').record;

      const { record, events } = join(freed, joinInput('c2'));

      expect(events).toEqual([{ type: 'joined', playerId: 'player-c2', name: 'name-c2', seat: 1 }]);
      expect(record).toMatchObject({ status: 'playing', round: 2, winner: null, rematch: [] });
      // Seat 0 moved first in round 1, so seat 1 does now.
      expect(record.firstTurn).toBe(1);
      expect(record.turn).toBe(1);
      expect(discs(record)).toBe(0);
    });

    it('starts a new round when a new player takes the seat of a forfeited game', () => {
      const forfeited = leave(playColumns(playingRoom(), [3]), 'c0', 'player-c0').record;

      const { record } = join(forfeited, joinInput('c2'));

      expect(seatOf(record, 'c2')).toBe(0);
      expect(record).toMatchObject({ status: 'playing', round: 2, turn: 1, winner: null });
      expect(discs(record)).toBe(0);
    });
  });

  describe('leave', () => {
    it('forfeits a game in progress: the other seat wins and the seat is freed', () => {
      const midGame = playColumns(playingRoom(), [3, 3]);

      const { record, events } = leave(midGame, 'c0', 'player-c0');

      expect(events).toEqual([{ type: 'left', playerId: 'player-c0', seat: 0 }]);
      expect(record).toMatchObject({ status: 'won', winner: 1, turn: null });
      expect(record.seats[0]).toBeNull();
      expect(record.seats[1]).toMatchObject({ playerId: 'player-c1' });
    });

    it('frees the seat of a waiting room without starting or ending anything', () => {
      const waiting = join(emptyRoom(), joinInput('c0')).record;

      const { record, events } = leave(waiting, 'c0', 'player-c0');

      expect(events).toEqual([{ type: 'left', playerId: 'player-c0', seat: 0 }]);
      expect(record).toMatchObject({ status: 'waiting', winner: null, seats: [null, null] });
    });

    it('keeps the result of a finished game and drops pending rematch requests', () => {
      const asked = rematch(wonRoom(), 'c1').record;

      const { record } = leave(asked, 'c0', 'player-c0');

      expect(record).toMatchObject({ status: 'won', winner: 0, rematch: [] });
      expect(record.seats[0]).toBeNull();
    });

    it('lets a spectator go without touching the record', () => {
      const record = playingRoom();

      const result = leave(record, 'c2', 'player-c2');

      expect(result.events).toEqual([{ type: 'left', playerId: 'player-c2', seat: null }]);
      expect(result.record).toBe(record);
    });

    it('names the seat holder in the event, not the id the caller passed', () => {
      const record = playingRoom();

      const { events } = leave(record, 'c1', 'stale-id');

      expect(events).toEqual([{ type: 'left', playerId: 'player-c1', seat: 1 }]);
    });
  });

  describe('disconnect', () => {
    it('keeps the seat reserved for its token and tells the room the player is offline', () => {
      const record = playColumns(playingRoom(), [2]);

      const result = disconnect(record, 'c1', 'player-c1');

      expect(result.events).toEqual([{ type: 'presence', playerId: 'player-c1', seat: 1, online: false }]);
      expect(result.record.seats[1]).toMatchObject({ playerId: 'player-c1', connectionId: null, tokenHash: hashSeatToken(tokenOf('c1')) });
      expect(result.record).toMatchObject({ status: 'playing', turn: 1 });
      expect(seatOf(result.record, 'c1')).toBeNull();
    });

    it('reports a spectator as left', () => {
      const record = playingRoom();

      const result = disconnect(record, 'c2', 'player-c2');

      expect(result.events).toEqual([{ type: 'left', playerId: 'player-c2', seat: null }]);
      expect(result.record).toBe(record);
    });
  });

  describe('goOffline', () => {
    it('marks offline every seat played by one of the gone connections', () => {
      const record = playingRoom();

      const result = goOffline(record, ['c1', 'c0', 'c7']);

      expect(result.events).toEqual([
        { type: 'presence', playerId: 'player-c0', seat: 0, online: false },
        { type: 'presence', playerId: 'player-c1', seat: 1, online: false },
      ]);
      expect(result.record.seats.map((holder) => holder?.connectionId)).toEqual([null, null]);
    });

    it('is idempotent: a second call with the same ids emits nothing and changes nothing', () => {
      const once = goOffline(playingRoom(), ['c0']).record;
      const before = structuredClone(once);

      const twice = goOffline(once, ['c0']);

      expect(twice.events).toEqual([]);
      expect(twice.record).toEqual(before);
    });

    it('agrees with disconnect: whichever runs second says nothing', () => {
      const disconnected = disconnect(playingRoom(), 'c0', 'player-c0').record;

      const pruned = goOffline(disconnected, ['c0']);

      expect(pruned.events).toEqual([]);
    });

    it('ignores connections that hold no seat', () => {
      const record = playingRoom();

      const result = goOffline(record, ['c2', 'c3']);

      expect(result.events).toEqual([]);
      expect(result.record).toBe(record);
    });
  });

  describe('move', () => {
    it('drops the disc, passes the turn and reports the move', () => {
      const record = playingRoom();

      const { record: next, events } = move(record, 'c0', { action: 'move', room: 'r1', column: 3 });

      expect(events).toEqual([{ type: 'moved', by: 0, column: 3 }]);
      expect(boardOf(next)[ROWS - 1]?.[3]).toBe(0);
      expect(next).toMatchObject({ status: 'playing', turn: 1, winner: null });
    });

    it('never mutates the record it is given', () => {
      const record = playingRoom();
      const before = structuredClone(record);

      move(record, 'c0', { column: 3 });

      expect(record).toEqual(before);
    });

    it('ends the game with a winner and no turn on a winning move', () => {
      const record = playColumns(playingRoom(), [0, 1, 0, 1, 0, 1]);

      const { record: next, events } = move(record, 'c0', { column: 0 });

      expect(events).toEqual([{ type: 'moved', by: 0, column: 0 }]);
      expect(next).toMatchObject({ status: 'won', winner: 0, turn: null });
    });

    it('ends the game in a draw when the board fills without a line', () => {
      const drawn = '231220400060316366502612332554644541451513'.split('').map(Number);

      const record = playColumns(playingRoom(), drawn);

      expect(record).toMatchObject({ status: 'draw', winner: null, turn: null });
      expect(discs(record)).toBe(42);
    });

    it('refuses a spectator with NOT_YOUR_TURN', () => {
      const record = playingRoom();

      const error = expectRefused(record, (current) => move(current, 'c2', { column: 3 }), ErrorCodes.NOT_YOUR_TURN);

      expect(error.message).toBe('spectators cannot move');
    });

    it('refuses a move in a waiting room with NOT_YOUR_TURN', () => {
      const waiting = join(emptyRoom(), joinInput('c0')).record;

      const error = expectRefused(waiting, (current) => move(current, 'c0', { column: 3 }), ErrorCodes.NOT_YOUR_TURN);

      expect(error.message).toMatch(/waiting for an opponent/);
    });

    it('refuses the seat whose turn it is not with NOT_YOUR_TURN', () => {
      const record = playingRoom();

      expectRefused(record, (current) => move(current, 'c1', { column: 3 }), ErrorCodes.NOT_YOUR_TURN);
    });

    it('refuses a move in a full column with ILLEGAL_MOVE', () => {
      const record = playColumns(playingRoom(), [0, 0, 0, 0, 0, 0]);

      const error = expectRefused(record, (current) => move(current, 'c0', { column: 0 }), ErrorCodes.ILLEGAL_MOVE);

      expect(error.message).toBe('column 0 is full');
    });

    it('refuses a column off the board with ILLEGAL_MOVE', () => {
      const record = playingRoom();

      expectRefused(record, (current) => move(current, 'c0', { column: 7 }), ErrorCodes.ILLEGAL_MOVE);
    });

    it('refuses any move after a win with GAME_OVER', () => {
      const record = wonRoom();

      expectRefused(record, (current) => move(current, 'c1', { column: 5 }), ErrorCodes.GAME_OVER);
      expectRefused(record, (current) => move(current, 'c0', { column: 5 }), ErrorCodes.GAME_OVER);
    });

    it('refuses a player whose seat was taken back on another connection', () => {
      const offline = disconnect(playingRoom(), 'c0', 'player-c0').record;
      const reclaimed = join(offline, joinInput('c9', { token: tokenOf('c0'), newToken: tokenOf('c0', 1) })).record;

      expectRefused(reclaimed, (current) => move(current, 'c0', { column: 3 }), ErrorCodes.NOT_YOUR_TURN);
      expect(move(reclaimed, 'c9', { column: 3 }).events).toEqual([{ type: 'moved', by: 0, column: 3 }]);
    });
  });

  describe('chat', () => {
    it("signs a seated player's line with the seat holder's name, not the sender's", () => {
      const record = playingRoom();

      const { events } = chat(record, 'c1', { playerId: 'forged', name: 'forged' }, 'good game');

      expect(events).toEqual([{ type: 'chat', playerId: 'player-c1', name: 'name-c1', seat: 1, text: 'good game' }]);
    });

    it("signs a spectator's line with the sender's id and name and no seat", () => {
      const record = playingRoom();

      const { events } = chat(record, 'c2', { playerId: 'player-c2', name: 'watcher' }, 'nice move');

      expect(events).toEqual([{ type: 'chat', playerId: 'player-c2', name: 'watcher', seat: null, text: 'nice move' }]);
    });

    it('leaves the room record as it was', () => {
      const record = playingRoom();

      const result = chat(record, 'c0', { playerId: 'player-c0', name: 'name-c0' }, 'hi');

      expect(result.record).toBe(record);
    });
  });

  describe('rematch', () => {
    it('refuses a spectator', () => {
      const record = wonRoom();

      expectRefused(record, (current) => rematch(current, 'c2'), ErrorCodes.BAD_REQUEST);
    });

    it('refuses while the game is still being played', () => {
      const record = playingRoom();

      const error = expectRefused(record, (current) => rematch(current, 'c0'), ErrorCodes.BAD_REQUEST);

      expect(error.message).toMatch(/no finished game/);
    });

    it('refuses while a seat is empty', () => {
      const record = leave(wonRoom(), 'c1', 'player-c1').record;

      expectRefused(record, (current) => rematch(current, 'c0'), ErrorCodes.BAD_REQUEST);
    });

    it('records the first request without starting anything', () => {
      const finished = wonRoom();

      const { record, events } = rematch(finished, 'c1');

      expect(events).toEqual([{ type: 'rematch', requested: [1], started: false }]);
      expect(record).toMatchObject({ status: 'won', winner: 0, round: 1, rematch: [1] });
      expect(record.board).toEqual(finished.board);
    });

    it('refuses a duplicate request from the same seat', () => {
      const asked = rematch(wonRoom(), 'c1').record;

      const error = expectRefused(asked, (current) => rematch(current, 'c1'), ErrorCodes.BAD_REQUEST);

      expect(error.message).toMatch(/already asked/);
    });

    it('starts the next round on the second request, the other seat first, on a fresh board', () => {
      const asked = rematch(wonRoom(), 'c1').record;

      const { record, events } = rematch(asked, 'c0');

      expect(events).toEqual([{ type: 'rematch', requested: [0, 1], started: true }]);
      expect(record).toMatchObject({ status: 'playing', round: 2, firstTurn: 1, turn: 1, winner: null, rematch: [] });
      expect(discs(record)).toBe(0);
    });

    it('alternates the first mover from round to round', () => {
      const round2 = rematch(rematch(wonRoom(), 'c0').record, 'c1').record;
      // Seat 1 opens round 2 and wins it in column 0; seat 0 plays column 1.
      const won2 = playColumns(round2, [0, 1, 0, 1, 0, 1, 0]);

      const round3 = rematch(rematch(won2, 'c0').record, 'c1').record;

      expect(won2).toMatchObject({ status: 'won', winner: 1 });
      expect(round3).toMatchObject({ round: 3, firstTurn: 0, turn: 0 });
    });

    it('offers a rematch after a draw', () => {
      const drawn = playColumns(playingRoom(), '231220400060316366502612332554644541451513'.split('').map(Number));

      const { record } = rematch(rematch(drawn, 'c0').record, 'c1');

      expect(record).toMatchObject({ status: 'playing', round: 2, turn: 1 });
    });
  });
});
