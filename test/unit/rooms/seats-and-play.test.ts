import { describe, expect, it } from 'vitest';
import { ArenaError } from '../../../src/errors';
import { ROWS, type ConnectFourState } from '../../../src/games/connect-four';
import { ErrorCodes, type ErrorCode } from '../../../src/protocol';
import type { Change } from '../../../src/rooms/change';
import { newRoom } from '../../../src/rooms/new-room';
import { expireStep, moveStep, nextDeadline, rematchStep, seatOf, toMoveOf } from '../../../src/rooms/play';
import type { RoomRecord } from '../../../src/rooms/record';
import { goOffline, joinStep, leaveStep, type JoinDecision, type JoinInput } from '../../../src/rooms/seats';
import { hashSeatToken, seatTokenMatches, spectatorIdOf } from '../../../src/rooms/seat-tokens';

const NOW = 1_700_000_000_000;

/** Deterministic stand-ins for what the caller draws at random. */
const tokenOf = (connectionId: string, generation = 0): string => `token-${connectionId}-${generation}-xxxxxxxxxxxx`;
const playerIdOf = (connectionId: string): string => `player-${connectionId}`;

const joinInput = (connectionId: string, extra: Partial<JoinInput> = {}): JoinInput => ({
  connectionId,
  name: `name-${connectionId}`,
  newPlayerId: playerIdOf(connectionId),
  newToken: tokenOf(connectionId),
  newSpectatorToken: `watch-${connectionId}-xxxxxxxxxxxxxxxx`,
  now: NOW,
  ...extra,
});

const roomWith = (options: Partial<Parameters<typeof newRoom>[1]> = {}): RoomRecord =>
  newRoom('r1', { game: 'connect4', visibility: 'private', clock: null, reconnectSeconds: 60, ...options }, NOW);

/** A join that must take (or take back) a seat: its change. */
const seat = (record: RoomRecord, connectionId: string, extra: Partial<JoinInput> = {}): Change & { decision: JoinDecision } => {
  const decision = joinStep(record, joinInput(connectionId, extra));
  if (decision.kind !== 'seat') throw new Error(`expected a seat, got ${decision.kind}`);
  return { ...decision.change, decision };
};

/** Seat 0 on connection c0 and seat 1 on c1: a game in progress, seat 0 to move. */
const playingRoom = (options: Partial<Parameters<typeof newRoom>[1]> = {}): RoomRecord => seat(seat(roomWith(options), 'c0').record, 'c1').record;

const turnOf = (record: RoomRecord) => toMoveOf(record)[0];

/** Plays columns in turn, reading whose turn it is from the record. */
const playColumns = (record: RoomRecord, columns: readonly number[], now = NOW): RoomRecord =>
  columns.reduce((current, column) => moveStep(current, turnOf(current) === 0 ? 'c0' : 'c1', { column }, now).record, record);

/** Seat 0 plays column 0 four times while seat 1 plays column 1: seat 0 wins vertically on move 7. */
const wonRoom = (): RoomRecord => playColumns(playingRoom(), [0, 1, 0, 1, 0, 1, 0]);

const boardOf = (record: RoomRecord) => (record.state as ConnectFourState).board;
const discs = (record: RoomRecord): number => boardOf(record).flat().filter((cell) => cell !== null).length;

/** A refused transition throws `code` and leaves its input exactly as it was. */
const expectRefused = (record: RoomRecord, transition: (record: RoomRecord) => unknown, code: ErrorCode): ArenaError => {
  const before = structuredClone(record);
  try {
    transition(record);
  } catch (error) {
    expect(error).toBeInstanceOf(ArenaError);
    expect((error as ArenaError).code).toBe(code);
    expect(record).toEqual(before);
    return error as ArenaError;
  }
  return expect.unreachable('the transition was not refused');
};

describe('a room', () => {
  it('starts waiting, round 1, at seq 0 and version 0, with empty seats and an empty board', () => {
    const record = roomWith();

    expect(record).toMatchObject({ room: 'r1', game: 'connect4', seq: 0, version: 0, round: 1, status: 'waiting', winner: null, spectators: 0 });
    expect(record.seats).toEqual([null, null]);
    expect(discs(record)).toBe(0);
  });

  it('refuses a game that has no rules', () => {
    expect(() => roomWith({ game: 'chess' })).toThrow(/no rules registered for game "chess"/);
  });

  describe('join', () => {
    it('gives seat 0 to the first joiner and seat 1 to the second, each as a member joining', () => {
      const first = seat(roomWith(), 'c0');
      const second = seat(first.record, 'c1');

      expect(first.decision.you).toEqual({ playerId: 'player-c0', seat: 0, token: tokenOf('c0') });
      expect(first.events).toEqual([{ type: 'joined', fields: { playerId: 'player-c0', name: 'name-c0', seat: 0 } }]);
      expect(first.members).toEqual({ delta: 1, spectators: 0 });
      expect(second.events).toEqual([{ type: 'joined', fields: { playerId: 'player-c1', name: 'name-c1', seat: 1 } }]);
      expect([seatOf(second.record, 'c0'), seatOf(second.record, 'c1')]).toEqual([0, 1]);
    });

    it('keeps the room waiting while only one seat is filled, and starts it with seat 0 to move when both are', () => {
      const waiting = seat(roomWith(), 'c0').record;
      const playing = seat(waiting, 'c1').record;

      expect(waiting.status).toBe('waiting');
      expect(toMoveOf(waiting)).toEqual([]);
      expect(playing.status).toBe('playing');
      expect(toMoveOf(playing)).toEqual([0]);
    });

    it('makes later joiners spectators: no game change, a spectator token, an id derived from it', () => {
      const record = playingRoom();

      const decision = joinStep(record, joinInput('c2'));

      expect(decision).toEqual({ kind: 'watch', you: { playerId: spectatorIdOf('watch-c2-xxxxxxxxxxxxxxxx'), seat: null, token: 'watch-c2-xxxxxxxxxxxxxxxx' } });
    });

    it('makes the same spectator again from a spectator token, however often it reconnects', () => {
      const token = 'watch-someone-xxxxxxxxxxxxxxxx';
      const first = joinStep(playingRoom(), joinInput('c2', { token }));
      const again = joinStep(playingRoom(), joinInput('c3', { token }));

      expect(first.you.playerId).toBe(spectatorIdOf(token));
      expect(again.you).toEqual(first.you);
    });

    it('stores only a hash of a seat token, never the token', () => {
      const { record } = seat(roomWith(), 'c0');

      expect(JSON.stringify(record)).not.toContain(tokenOf('c0'));
      expect(record.seats[0]?.tokens).toEqual([hashSeatToken(tokenOf('c0'))]);
    });

    it('changes nothing when an already seated connection joins again', () => {
      const record = playingRoom();

      const decision = joinStep(record, joinInput('c0', { name: 'renamed', newPlayerId: 'other-id', newToken: tokenOf('c0', 9) }));

      expect(decision).toEqual({ kind: 'here', you: { playerId: 'player-c0', seat: 0 } });
    });

    it('changes nothing when a watching connection joins again', () => {
      const decision = joinStep(playingRoom(), joinInput('c2', { current: { playerId: 'spectator-c2', seat: null } }));

      expect(decision).toEqual({ kind: 'here', you: { playerId: 'spectator-c2', seat: null } });
    });

    describe('with a seat token', () => {
      const offlineRoom = () => goOffline(playingRoom(), ['c0'], NOW)?.record as RoomRecord;

      it('takes the seat back on the new connection and tells the room the player is online', () => {
        const result = seat(offlineRoom(), 'c9', { name: 'back again', token: tokenOf('c0'), newToken: tokenOf('c0', 1) });

        expect(result.decision.you).toEqual({ playerId: 'player-c0', seat: 0, token: tokenOf('c0', 1) });
        expect(result.events).toEqual([{ type: 'presence', fields: { playerId: 'player-c0', seat: 0, online: true } }]);
        expect(result.record.seats[0]).toMatchObject({ playerId: 'player-c0', name: 'back again', connectionId: 'c9' });
        expect(result.record.seats[0]?.returnBy).toBeUndefined();
        expect(result.members).toEqual({ delta: 1, spectators: 0 });
      });

      it('keeps the game as it was', () => {
        const midGame = playColumns(playingRoom(), [3, 4, 3]);
        const offline = goOffline(midGame, ['c1'], NOW)?.record as RoomRecord;

        const { record } = seat(offline, 'c9', { token: tokenOf('c1'), newToken: tokenOf('c1', 1) });

        expect(boardOf(record)).toEqual(boardOf(midGame));
        expect(toMoveOf(record)).toEqual([1]);
      });

      it('keeps the presented token valid until the new one has been used once (a lost welcome is survivable)', () => {
        const reclaimed = seat(offlineRoom(), 'c9', { token: tokenOf('c0'), newToken: tokenOf('c0', 1) }).record;
        // The welcome carrying token 1 was lost: the client tries token 0 again, and it still works.
        const retried = seat(goOffline(reclaimed, ['c9'], NOW)?.record as RoomRecord, 'c10', { token: tokenOf('c0'), newToken: tokenOf('c0', 2) }).record;
        expect(retried.seats[0]?.connectionId).toBe('c10');
        // Token 2 is used: from then on tokens 0 and 1 are refused.
        const used = seat(goOffline(retried, ['c10'], NOW)?.record as RoomRecord, 'c11', { token: tokenOf('c0', 2), newToken: tokenOf('c0', 3) }).record;

        expectRefused(used, (record) => joinStep(record, joinInput('c12', { token: tokenOf('c0') })), ErrorCodes.BAD_REQUEST);
        expectRefused(used, (record) => joinStep(record, joinInput('c12', { token: tokenOf('c0', 1) })), ErrorCodes.BAD_REQUEST);
        expect(used.seats[0]?.tokens.some((hash) => seatTokenMatches(tokenOf('c0', 2), hash))).toBe(true);
      });

      it('says nothing to the room when a second tab takes an online seat, and names the displaced connection', () => {
        const result = seat(playingRoom(), 'c9', { token: tokenOf('c0'), newToken: tokenOf('c0', 1) });

        expect(result.events).toEqual([]);
        expect(result.decision).toMatchObject({ displaced: 'c0' });
        expect(result.members).toEqual({ delta: 0, spectators: 0 });
        expectRefused(result.record, (record) => moveStep(record, 'c0', { column: 3 }, NOW), ErrorCodes.NOT_YOUR_TURN);
        expect(moveStep(result.record, 'c9', { column: 3 }, NOW).events).toEqual([{ type: 'moved', fields: { by: 0, move: { column: 3 } } }]);
      });

      it('refuses a random token and the token of a seat that was given up, changing nothing', () => {
        expectRefused(playingRoom(), (record) => joinStep(record, joinInput('c9', { token: 'random-guess-aaaaaaaaaaaa' })), ErrorCodes.BAD_REQUEST);
        const freed = leaveStep(playingRoom(), 'c0')?.record as RoomRecord;
        expectRefused(freed, (record) => joinStep(record, joinInput('c9', { token: tokenOf('c0') })), ErrorCodes.BAD_REQUEST);
      });

      it('refuses the other seat from a seated connection: one connection plays one seat', () => {
        expectRefused(playingRoom(), (record) => joinStep(record, joinInput('c0', { token: tokenOf('c1') })), ErrorCodes.BAD_REQUEST);
      });
    });

    describe('with a verified identity', () => {
      const identity = { subject: 'user-42', playerId: 'derived-42' };

      it('takes a seat under the derived public id, keeping the subject private to the server', () => {
        const { decision, record } = seat(roomWith(), 'c0', { identity });

        expect(decision.you.playerId).toBe('derived-42');
        expect(record.seats[0]).toMatchObject({ playerId: 'derived-42', identity: 'user-42' });
      });

      it('takes back the seat held by the same identity without a token', () => {
        const seated = seat(seat(roomWith(), 'c0', { identity }).record, 'c1').record;
        const offline = goOffline(seated, ['c0'], NOW)?.record as RoomRecord;

        const result = seat(offline, 'c9', { identity });

        expect(result.decision.you.seat).toBe(0);
        expect(result.events).toEqual([{ type: 'presence', fields: { playerId: 'derived-42', seat: 0, online: true } }]);
      });
    });

    it('starts a new round, the other seat first, when a new player takes a seat freed after a finished game', () => {
      const freed = leaveStep(wonRoom(), 'c1')?.record as RoomRecord;

      const { record } = seat(freed, 'c2');

      expect(record).toMatchObject({ status: 'playing', round: 2, winner: null, reason: null, rematch: [], firstTurn: 1 });
      expect(toMoveOf(record)).toEqual([1]);
      expect(discs(record)).toBe(0);
    });
  });

  describe('leave', () => {
    it('forfeits a game in progress: the other seat wins, the seat is freed, one member less', () => {
      const change = leaveStep(playColumns(playingRoom(), [3, 3]), 'c0') as Change;

      expect(change.events).toEqual([{ type: 'left', fields: { playerId: 'player-c0', seat: 0 } }]);
      expect(change.record).toMatchObject({ status: 'won', winner: 1, reason: 'forfeit' });
      expect(change.record.seats[0]).toBeNull();
      expect(change.members).toEqual({ delta: -1, spectators: 0 });
    });

    it('frees the seat of a waiting room without starting or ending anything', () => {
      const change = leaveStep(seat(roomWith(), 'c0').record, 'c0') as Change;

      expect(change.record).toMatchObject({ status: 'waiting', winner: null, seats: [null, null] });
    });

    it('keeps the result of a finished game and drops pending rematch requests', () => {
      const asked = rematchStep(wonRoom(), 'c1', NOW).record;

      const change = leaveStep(asked, 'c0') as Change;

      expect(change.record).toMatchObject({ status: 'won', winner: 0, rematch: [] });
    });

    it('has nothing to say for a connection without a seat', () => {
      expect(leaveStep(playingRoom(), 'c2')).toBeUndefined();
    });
  });

  describe('going offline', () => {
    it('keeps the seat reserved for reconnectSeconds and tells the room the player is offline', () => {
      const record = playColumns(playingRoom({ reconnectSeconds: 30 }), [2]);

      const change = goOffline(record, ['c1'], NOW + 5) as Change;

      expect(change.events).toEqual([{ type: 'presence', fields: { playerId: 'player-c1', seat: 1, online: false } }]);
      expect(change.record.seats[1]).toMatchObject({ connectionId: null, returnBy: NOW + 5 + 30_000 });
      expect(change.members).toEqual({ delta: -1, spectators: 0 });
      expect(nextDeadline(change.record)).toBe(NOW + 5 + 30_000);
    });

    it('is idempotent: a second call with the same ids has nothing to say', () => {
      const once = goOffline(playingRoom(), ['c0'], NOW)?.record as RoomRecord;

      expect(goOffline(once, ['c0'], NOW)).toBeUndefined();
      expect(goOffline(playingRoom(), ['c2', 'c3'], NOW)).toBeUndefined();
    });
  });

  describe('move', () => {
    it('drops the disc, passes the turn and reports the move', () => {
      const { record, events } = moveStep(playingRoom(), 'c0', { column: 3 }, NOW);

      expect(events).toEqual([{ type: 'moved', fields: { by: 0, move: { column: 3 } } }]);
      expect(boardOf(record)[ROWS - 1]?.[3]).toBe(0);
      expect(toMoveOf(record)).toEqual([1]);
    });

    it('never mutates the record it is given', () => {
      const record = playingRoom();
      const before = structuredClone(record);

      moveStep(record, 'c0', { column: 3 }, NOW);

      expect(record).toEqual(before);
    });

    it('ends the game with a winner, the reason and no one to move on a winning move; a draw when the board fills', () => {
      expect(wonRoom()).toMatchObject({ status: 'won', winner: 0, reason: 'win', deadline: null });
      expect(toMoveOf(wonRoom())).toEqual([]);
      const drawn = playColumns(playingRoom(), '231220400060316366502612332554644541451513'.split('').map(Number));
      expect(drawn).toMatchObject({ status: 'draw', winner: null, reason: 'draw' });
    });

    it('checks in the documented order: game over, not started, spectator, turn, then the rules', () => {
      expect(expectRefused(wonRoom(), (r) => moveStep(r, 'c2', { column: 5 }, NOW), ErrorCodes.GAME_OVER)).toBeDefined();
      expectRefused(wonRoom(), (r) => moveStep(r, 'c1', { column: 5 }, NOW), ErrorCodes.GAME_OVER);
      const waiting = seat(roomWith(), 'c0').record;
      expect(expectRefused(waiting, (r) => moveStep(r, 'c0', { column: 3 }, NOW), ErrorCodes.NOT_YOUR_TURN).message).toMatch(/waiting for an opponent/);
      expect(expectRefused(playingRoom(), (r) => moveStep(r, 'c2', { column: 3 }, NOW), ErrorCodes.NOT_YOUR_TURN).message).toBe('spectators cannot move');
      expectRefused(playingRoom(), (r) => moveStep(r, 'c1', { column: 3 }, NOW), ErrorCodes.NOT_YOUR_TURN);
      const full = playColumns(playingRoom(), [0, 0, 0, 0, 0, 0]);
      expect(expectRefused(full, (r) => moveStep(r, 'c0', { column: 0 }, NOW), ErrorCodes.ILLEGAL_MOVE).message).toBe('column 0 is full');
    });
  });

  describe('rematch', () => {
    it('refuses a spectator, a game still on, an empty seat, and asking twice', () => {
      expectRefused(wonRoom(), (r) => rematchStep(r, 'c2', NOW), ErrorCodes.BAD_REQUEST);
      expect(expectRefused(playingRoom(), (r) => rematchStep(r, 'c0', NOW), ErrorCodes.BAD_REQUEST).message).toMatch(/no finished game/);
      expectRefused(leaveStep(wonRoom(), 'c1')?.record as RoomRecord, (r) => rematchStep(r, 'c0', NOW), ErrorCodes.BAD_REQUEST);
      const asked = rematchStep(wonRoom(), 'c1', NOW).record;
      expect(expectRefused(asked, (r) => rematchStep(r, 'c1', NOW), ErrorCodes.BAD_REQUEST).message).toMatch(/already asked/);
    });

    it('records the first request, then starts the next round with the other seat first on a fresh board', () => {
      const first = rematchStep(wonRoom(), 'c1', NOW);
      expect(first.events).toEqual([{ type: 'rematch', fields: { requested: [1], started: false } }]);
      expect(first.record).toMatchObject({ status: 'won', round: 1, rematch: [1] });

      const second = rematchStep(first.record, 'c0', NOW);

      expect(second.events).toEqual([{ type: 'rematch', fields: { requested: [0, 1], started: true } }]);
      expect(second.record).toMatchObject({ status: 'playing', round: 2, winner: null, reason: null, rematch: [], firstTurn: 1 });
      expect(toMoveOf(second.record)).toEqual([1]);
      expect(discs(second.record)).toBe(0);
    });
  });

  describe('the clock', () => {
    const clocked = () => playingRoom({ clock: { turnSeconds: 30 } });

    it('gives the player to move a deadline, renewed by every move', () => {
      const room = clocked();
      expect(room.deadline).toBe(NOW + 30_000);

      const moved = moveStep(room, 'c0', { column: 3 }, NOW + 10_000).record;

      expect(moved.deadline).toBe(NOW + 40_000);
      expect(nextDeadline(moved)).toBe(NOW + 40_000);
    });

    it('has nothing to say before the deadline, and ends the game at it: the other seat wins, by timeout', () => {
      const room = clocked();

      expect(expireStep(room, NOW + 29_999)).toBeUndefined();
      const change = expireStep(room, NOW + 30_000) as Change;

      expect(change.events).toEqual([{ type: 'ended', fields: { reason: 'timeout', seats: [0] } }]);
      expect(change.record).toMatchObject({ status: 'won', winner: 1, reason: 'timeout', deadline: null });
      expect(expireStep(change.record, NOW + 99_000)).toBeUndefined();
    });

    it('has no deadline without a clock', () => {
      expect(playingRoom().deadline).toBeNull();
      expect(expireStep(playingRoom(), NOW + 10 ** 9)).toBeUndefined();
    });

    it('forfeits a seat whose player did not come back in time: the game ends (abandoned) and the seat is freed', () => {
      const offline = goOffline(playingRoom({ reconnectSeconds: 60 }), ['c1'], NOW)?.record as RoomRecord;

      expect(expireStep(offline, NOW + 59_999)).toBeUndefined();
      const change = expireStep(offline, NOW + 60_000) as Change;

      expect(change.events).toEqual([
        { type: 'ended', fields: { reason: 'abandoned', seats: [1] } },
        { type: 'left', fields: { playerId: 'player-c1', seat: 1 } },
      ]);
      expect(change.record).toMatchObject({ status: 'won', winner: 0, reason: 'abandoned' });
      expect(change.record.seats[1]).toBeNull();
    });

    it('frees the seat of a player who does not come back to a waiting room, without ending anything', () => {
      const offline = goOffline(seat(roomWith(), 'c0').record, ['c0'], NOW)?.record as RoomRecord;

      const change = expireStep(offline, NOW + 60_000) as Change;

      expect(change.events).toEqual([{ type: 'left', fields: { playerId: 'player-c0', seat: 0 } }]);
      expect(change.record).toMatchObject({ status: 'waiting', seats: [null, null] });
    });

    it('keeps a seat whose player came back in time', () => {
      const offline = goOffline(playingRoom(), ['c1'], NOW)?.record as RoomRecord;
      const back = seat(offline, 'c9', { token: tokenOf('c1'), newToken: tokenOf('c1', 1) }).record;

      expect(expireStep(back, NOW + 10 ** 9)).toBeUndefined();
    });
  });
});
