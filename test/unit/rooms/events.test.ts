import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/inbound';
import { Limits, type ChatEvent, type RoomEvent } from '../../../src/protocol';
import { commit, countSpectators, replay, viewOf } from '../../../src/rooms/events';
import type { RoomRecord } from '../../../src/rooms/record';
import { chat, join, move, newRoom, type Change, type EventDraft, type JoinInput } from '../../../src/rooms/room';
import { newPlayerId, newSeatToken } from '../../../src/rooms/seat-tokens';

const NOW = 1_700_000_000_000;

const joinInput = (connectionId: string, name = `name-${connectionId}`): JoinInput => ({
  connectionId,
  name,
  newPlayerId: `player-${connectionId}`,
  newToken: `token-${connectionId}-xxxxxxxxxxxx`,
});

/** Seat 0 on c0, seat 1 on c1, game on; nothing committed yet (seq 0). */
const playingRoom = (): RoomRecord => join(join(newRoom('r1', 'connect4', NOW), joinInput('c0')).record, joinInput('c1')).record;

const chatDraft = (text: string): EventDraft => ({ type: 'chat', playerId: 'p', name: 'n', seat: null, text });

/** Commits `count` chat lines, one change each, numbered text-1, text-2, ... */
const withChats = (record: RoomRecord, count: number): RoomRecord =>
  Array.from({ length: count }, (_, index) => index + 1).reduce(
    (current, n) => commit({ record: current, events: [chatDraft(`line-${n}`)] }, 0, NOW + n).record,
    record,
  );

const seqs = (events: readonly RoomEvent[]): number[] => events.map((event) => event.seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('room events', () => {
  describe('viewOf', () => {
    it('shows seats, status and board but no token hash or connection id', () => {
      const record = playingRoom();

      const view = viewOf(record);

      expect(view).toMatchObject({ game: 'connect4', round: 1, status: 'playing', turn: 0, winner: null, rematch: [], board: record.board });
      expect(view.players).toEqual([
        { seat: 0, playerId: 'player-c0', name: 'name-c0', online: true },
        { seat: 1, playerId: 'player-c1', name: 'name-c1', online: true },
      ]);
      const text = JSON.stringify(view);
      expect(text).not.toContain('tokenHash');
      expect(text).not.toContain(record.seats[0]?.tokenHash);
      expect(text).not.toContain('"c0"');
    });

    it('shows a reserved seat as offline', () => {
      const record = { ...playingRoom(), seats: playingRoom().seats.map((holder, seat) => (seat === 1 && holder ? { ...holder, connectionId: null } : holder)) };

      const view = viewOf(record);

      expect(view.players.map((player) => player.online)).toEqual([true, false]);
    });
  });

  describe('commit', () => {
    it("numbers events contiguously after the record's seq", () => {
      const record = { ...withChats(playingRoom(), 7) };
      const change: Change = { record, events: [chatDraft('a'), chatDraft('b'), chatDraft('c')] };

      const { record: next, events } = commit(change, 0, NOW);

      expect(seqs(events)).toEqual([8, 9, 10]);
      expect(next.seq).toBe(10);
      expect(seqs(next.events).slice(-3)).toEqual([8, 9, 10]);
      expect(events.every((event) => event.room === 'r1')).toBe(true);
    });

    it('gives every non-chat event the resulting room state, spectators included', () => {
      const change = move(playingRoom(), 'c0', { column: 3 });

      const { record, events } = commit(change, 5, NOW);

      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'moved', by: 0, column: 3, seq: 1, room: 'r1' });
      expect(events[0]).toHaveProperty('state', viewOf(record));
      expect(viewOf(record)).toMatchObject({ spectators: 5, turn: 1 });
    });

    it('sends chat without a state', () => {
      const change = chat(playingRoom(), 'c0', { playerId: 'player-c0', name: 'name-c0' }, 'hello');

      const { events } = commit(change, 0, NOW);

      expect(events).toEqual([{ type: 'chat', room: 'r1', seq: 1, playerId: 'player-c0', name: 'name-c0', seat: 0, text: 'hello' }]);
      expect(events[0]).not.toHaveProperty('state');
    });

    it('records the spectator count and the time of the write', () => {
      const change: Change = { record: playingRoom(), events: [] };

      const { record, events } = commit(change, 3, NOW + 1234);

      expect(events).toEqual([]);
      expect(record).toMatchObject({ seq: 0, spectators: 3, updatedAt: NOW + 1234 });
    });

    it('keeps events in the replay buffer, oldest first', () => {
      const record = withChats(playingRoom(), 3);

      expect(record.events.map((event) => (event as ChatEvent).text)).toEqual(['line-1', 'line-2', 'line-3']);
      expect(seqs(record.events)).toEqual([1, 2, 3]);
    });

    it(`keeps exactly the newest ${Limits.replayEvents} events`, () => {
      const full = withChats(playingRoom(), Limits.replayEvents);

      const { record } = commit({ record: full, events: Array.from({ length: 30 }, (_, index) => chatDraft(`burst-${index}`)) }, 0, NOW);

      expect(full.events).toHaveLength(Limits.replayEvents);
      expect(record.events).toHaveLength(Limits.replayEvents);
      expect(seqs(record.events)).toEqual(range(31, 130));
      expect(record.seq).toBe(130);
    });

    it('never mutates the change it is given', () => {
      const change = move(playingRoom(), 'c0', { column: 3 });
      const before = structuredClone(change);

      commit(change, 4, NOW);

      expect(change).toEqual(before);
    });
  });

  describe('replay', () => {
    it('returns every event after since, in order, while the room holds them', () => {
      const record = withChats(playingRoom(), 10);

      const reply = replay(record, 4);

      expect(reply.type).toBe('events');
      expect(reply).toMatchObject({ room: 'r1' });
      expect(reply.type === 'events' && seqs(reply.events)).toEqual(range(5, 10));
    });

    it('returns an empty list to a client that is up to date', () => {
      const record = withChats(playingRoom(), 10);

      const reply = replay(record, 10);

      expect(reply).toEqual({ type: 'events', room: 'r1', events: [] });
    });

    it('returns an empty list for a room that has seen no event yet', () => {
      const record = playingRoom();

      const reply = replay(record, 0);

      expect(reply).toEqual({ type: 'events', room: 'r1', events: [] });
    });

    it('replays from the very first event when since is 0', () => {
      const record = withChats(playingRoom(), 5);

      const reply = replay(record, 0);

      expect(reply.type === 'events' && seqs(reply.events)).toEqual(range(1, 5));
    });

    it('still replays when since is just before the oldest held event', () => {
      const record = withChats(playingRoom(), 130);

      const reply = replay(record, 30);

      expect(record.events[0]?.seq).toBe(31);
      expect(reply.type === 'events' && seqs(reply.events)).toEqual(range(31, 130));
    });

    it('answers with a snapshot when since is older than the oldest held event', () => {
      const record = withChats(playingRoom(), 130);

      const reply = replay(record, 29);

      expect(reply).toEqual({ type: 'snapshot', room: 'r1', seq: 130, state: viewOf(record) });
    });

    it('answers with a snapshot when since is ahead of the room', () => {
      const record = withChats(playingRoom(), 10);

      const reply = replay(record, 11);

      expect(reply).toEqual({ type: 'snapshot', room: 'r1', seq: 10, state: viewOf(record) });
    });

    it('answers with a snapshot when the room holds no event and since is behind it', () => {
      const record = { ...playingRoom(), seq: 12, events: [] };

      const reply = replay(record, 3);

      expect(reply).toMatchObject({ type: 'snapshot', seq: 12 });
    });
  });

  describe('countSpectators', () => {
    it('counts members that hold no seat', () => {
      const record = playingRoom();

      expect(countSpectators(record, ['c0', 'c1', 'c2', 'c3'])).toBe(2);
      expect(countSpectators(record, ['c0', 'c1'])).toBe(0);
      expect(countSpectators(record, [])).toBe(0);
    });

    it('counts a member as a spectator once its seat has moved to another connection', () => {
      const record = playingRoom();
      const moved = { ...record, seats: record.seats.map((holder, seat) => (seat === 0 && holder ? { ...holder, connectionId: 'c9' } : holder)) };

      expect(countSpectators(moved, ['c0', 'c1', 'c9'])).toBe(1);
    });

    it('does not treat a reserved (offline) seat as a member', () => {
      const record = playingRoom();
      const offline = { ...record, seats: record.seats.map((holder, seat) => (seat === 0 && holder ? { ...holder, connectionId: null } : holder)) };

      expect(countSpectators(offline, ['c1', 'c2'])).toBe(1);
    });
  });

  describe('worst-case sizes', () => {
    /**
     * The 500 code points that serialise largest. JSON.stringify writes a lone
     * surrogate as \uXXXX (6 bytes), a quote or backslash as 2, an astral
     * emoji as 4 UTF-8 bytes; control characters would escape to 6 too, but
     * the chat schema strips them. Each candidate goes through the real
     * schema, so the winner is a text a client can really get stored.
     */
    const largest = (field: 'name' | 'text', length: number, candidates: readonly string[]): string => {
      const accepted = candidates
        .map((candidate) => candidate.repeat(length))
        .filter((text) => {
          const request = field === 'name' ? { action: 'join', room: 'r1', name: text } : { action: 'chat', room: 'r1', text };
          try {
            const parsed = validate(field === 'name' ? 'join' : 'chat', request) as Record<string, unknown>;
            return parsed[field] === text;
          } catch {
            return false;
          }
        });
      const best = accepted.sort((a, b) => jsonBytes(b) - jsonBytes(a))[0];
      expect(best).toBeDefined();
      return best as string;
    };
    const CANDIDATES = ['a', 'é', '€', '😀', '"', '\\', '\u0001', '\u007f', '\u2028', '\u202e', '\ud800', '\udfff', '\u{10ffff}'];

    const worstName = largest('name', Limits.maxNameLength, CANDIDATES);
    const worstText = largest('text', Limits.maxChatLength, CANDIDATES);
    const longestRoom = 'R'.repeat(64);

    /** Two worst-named players, a full board, and the replay buffer full of the worst chat lines. */
    const worstRoom = (): RoomRecord => {
      let record = newRoom(longestRoom, 'connect4', NOW);
      for (const connectionId of ['c0', 'c1']) {
        record = join(record, { connectionId: `${connectionId}-${'x'.repeat(60)}`, name: worstName, newPlayerId: newPlayerId(), newToken: newSeatToken() }).record;
      }
      const seated = (seat: number) => record.seats[seat]?.connectionId as string;
      for (const column of '231220400060316366502612332554644541451513'.split('').map(Number)) {
        record = commit(move(record, seated(record.turn ?? 0), { column }), 9_999, NOW).record;
      }
      // A long-lived room: large sequence numbers take more digits.
      record = { ...record, seq: 999_999_999_999 };
      for (let line = 0; line < Limits.replayEvents; line++) {
        const sender = line % 3 === 2 ? 'spectator' : seated(line % 2);
        record = commit(chat(record, sender, { playerId: newPlayerId(), name: worstName }, worstText), 9_999, NOW).record;
      }
      return record;
    };

    it('picks texts that really are the largest the schemas accept', () => {
      expect([...worstName]).toHaveLength(Limits.maxNameLength);
      expect([...worstText]).toHaveLength(Limits.maxChatLength);
      // 4 UTF-8 bytes per code point (emoji) for both: chat strips lone surrogates, which JSON would escape to 6.
      expect(jsonBytes(worstName)).toBeGreaterThanOrEqual(2 + 4 * Limits.maxNameLength);
      expect(jsonBytes(worstText)).toBeGreaterThanOrEqual(2 + 4 * Limits.maxChatLength);
      expect(jsonBytes(worstText)).toBeLessThan(2 + 6 * Limits.maxChatLength);
    });

    it('keeps a worst-case room record under DynamoDB’s 400 KB item limit', () => {
      const record = worstRoom();

      const bytes = jsonBytes(record);

      expect(record.status).toBe('draw');
      expect(record.events).toHaveLength(Limits.replayEvents);
      expect(record.events.every((event) => event.type === 'chat' && event.text === worstText)).toBe(true);
      // Not trivially small: the buffered text alone is 100 x 500 code points at their largest.
      expect(bytes).toBeGreaterThan(Limits.replayEvents * jsonBytes(worstText));
      // The other attributes of the item (keys, seq, expiresAt and their names) take well under 1 KB.
      expect(bytes + 1024).toBeLessThan(400 * 1024);
    });

    it('answers sync with a snapshot rather than an events reply too large to send', () => {
      const record = worstRoom();
      const worstRequestId = '\u0001'.repeat(Limits.maxRequestIdLength);

      for (let since = record.seq - Limits.replayEvents; since <= record.seq; since++) {
        const reply = replay(record, since);
        const missed = record.events.filter((event) => event.seq > since);
        const asEvents = jsonBytes({ type: 'events', room: record.room, events: missed, re: worstRequestId });

        if (reply.type === 'events') {
          expect(reply.events).toEqual(missed);
          expect(jsonBytes({ ...reply, re: worstRequestId })).toBeLessThanOrEqual(Limits.maxOutboundBytes);
        } else {
          // Only when the events would not have fit, whatever id the request carried.
          expect(asEvents).toBeGreaterThan(Limits.maxOutboundBytes);
          expect(jsonBytes({ ...reply, re: worstRequestId })).toBeLessThanOrEqual(Limits.maxOutboundBytes);
        }
      }
      expect(replay(record, record.seq - Limits.replayEvents).type).toBe('snapshot');
      expect(replay(record, record.seq - 1).type).toBe('events');
    });
  });
});
