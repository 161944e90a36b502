import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArenaError, PayloadTooLargeError } from '../../src/errors';
import { actionOf, parseFrame, requestIdOf, validate } from '../../src/inbound';
import { Actions, ErrorCodes, Limits, type Action, type ErrorCode } from '../../src/protocol';

afterEach(() => vi.restoreAllMocks());

/** Runs what must be refused and returns what it threw. */
const refusal = (run: () => unknown): ArenaError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ArenaError);
    return error as ArenaError;
  }
  return expect.unreachable('the message was not refused');
};

const expectCode = (run: () => unknown, code: ErrorCode): ArenaError => {
  const error = refusal(run);
  expect(error.code).toBe(code);
  return error;
};

/** The whole inbound path of a handler: parse, name the action, validate. */
const accept = (message: unknown): unknown => {
  const frame = parseFrame(JSON.stringify(message));
  return validate(actionOf(frame), frame);
};

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

/** One valid message per action, the way the browser client sends them. */
const VALID: Record<Action, Record<string, unknown>> = {
  join: { action: 'join', room: 'lobby_1', name: 'Ada', token: TOKEN, id: 'j1' },
  create: { action: 'create', game: 'connect4', name: 'Ada', clock: { turnSeconds: 30 }, visibility: 'public', reconnectSeconds: 60, id: 'c1' },
  quickplay: { action: 'quickplay', game: 'battleship', name: 'Ada', id: 'q1' },
  rooms: { action: 'rooms', game: 'connect4', status: 'waiting', cursor: 'abc_-', id: 'r1' },
  move: { action: 'move', room: 'lobby_1', column: 3, id: 'm1' },
  chat: { action: 'chat', room: 'lobby_1', text: 'good luck', id: 'c1' },
  sync: { action: 'sync', room: 'lobby_1', since: 42, id: 's1' },
  leave: { action: 'leave', room: 'lobby_1', id: 'l1' },
  rematch: { action: 'rematch', room: 'lobby_1', id: 'r1' },
  ping: { action: 'ping', id: 'p1' },
};

describe('inbound messages', () => {
  describe('parseFrame', () => {
    it('parses a JSON object', () => {
      const frame = parseFrame('{"action":"ping","id":"x"}');

      expect(frame).toEqual({ action: 'ping', id: 'x' });
    });

    it('refuses a frame over 32 KB with PayloadTooLargeError before parsing it', () => {
      const parse = vi.spyOn(JSON, 'parse');
      const body = JSON.stringify({ action: 'chat', room: 'r1', text: 'x'.repeat(Limits.maxInboundBytes) });

      const error = expectCode(() => parseFrame(body), ErrorCodes.PAYLOAD_TOO_LARGE);

      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error.message).toContain(String(Limits.maxInboundBytes));
      expect(parse).not.toHaveBeenCalled();
    });

    it('counts the limit in UTF-8 bytes, not characters', () => {
      const parse = vi.spyOn(JSON, 'parse');
      // Under the limit in UTF-16 units, over it in bytes.
      const body = `"${'€'.repeat(Limits.maxInboundBytes / 2)}"`;

      expectCode(() => parseFrame(body), ErrorCodes.PAYLOAD_TOO_LARGE);

      expect(body.length).toBeLessThan(Limits.maxInboundBytes);
      expect(parse).not.toHaveBeenCalled();
    });

    it('parses a frame of exactly 32 KB', () => {
      const parse = vi.spyOn(JSON, 'parse');
      const prefix = '{"action":"ping","pad":"';
      const body = `${prefix}${'x'.repeat(Limits.maxInboundBytes - prefix.length - 2)}"}`;

      const frame = parseFrame(body);

      expect(Buffer.byteLength(body)).toBe(Limits.maxInboundBytes);
      expect(frame).toMatchObject({ action: 'ping' });
      expect(parse).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['an empty body', ''],
      ['a missing body', undefined],
      ['a null body', null],
      ['text that is not JSON', 'hello'],
      ['truncated JSON', '{"action":"move"'],
      ['a JSON array', '[{"action":"ping"}]'],
      ['JSON null', 'null'],
      ['a JSON string', '"ping"'],
      ['a JSON number', '42'],
    ])('refuses %s with BAD_REQUEST', (_label, body) => {
      expectCode(() => parseFrame(body), ErrorCodes.BAD_REQUEST);
    });
  });

  describe('actionOf', () => {
    it.each(Object.values(Actions))('names the %s action', (action) => {
      expect(actionOf({ action })).toBe(action);
    });

    it('refuses a message with no action with BAD_REQUEST', () => {
      const error = expectCode(() => actionOf({ room: 'r1' }), ErrorCodes.BAD_REQUEST);

      expect(error.message).toMatch(/no "action"/);
    });

    it.each([42, null, true, ['move'], { name: 'move' }])('refuses a non-string action (%j) with BAD_REQUEST', (action) => {
      expectCode(() => actionOf({ action }), ErrorCodes.BAD_REQUEST);
    });

    it.each(['dance', 'MOVE', '', 'toString', '__proto__', 'constructor'])('refuses the unknown action %j with UNKNOWN_ACTION', (action) => {
      const error = expectCode(() => actionOf({ action }), ErrorCodes.UNKNOWN_ACTION);

      expect(error.message).toContain(JSON.stringify(action));
    });

    it('quotes at most 64 characters of an unknown action', () => {
      const error = expectCode(() => actionOf({ action: 'z'.repeat(5000) }), ErrorCodes.UNKNOWN_ACTION);

      expect(error.message.length).toBeLessThan(100);
    });
  });

  describe('validate', () => {
    it.each(Object.keys(VALID) as Action[])('accepts a valid %s message', (action) => {
      const message = VALID[action];

      const request = accept(message);

      expect(request).toEqual(message);
    });

    it('accepts each message without the optional id', () => {
      for (const [action, message] of Object.entries(VALID)) {
        const { id: _id, ...withoutId } = message;

        expect(validate(action as Action, withoutId)).toEqual(withoutId);
      }
    });

    // A move's own fields (and anything else beside them) are its game's to judge, once the room is known: see test/unit/handlers.
    it.each([
      ['playerId', { ...VALID.chat, playerId: 'someone-else' }],
      ['seat', { ...VALID.rematch, seat: 1 }],
      ['by', { ...VALID.leave, by: 0 }],
      ['token', { ...VALID.chat, token: TOKEN }],
      ['room', { ...VALID.ping, room: 'lobby_1' }],
    ])('refuses an unknown field %s and names it', (field, message) => {
      const error = expectCode(() => accept(message), ErrorCodes.BAD_REQUEST);

      expect(error.message).toBe(`unexpected field "${field}"`);
    });

    it.each([
      ['room', { action: 'move', column: 3 }],
      ['room', { action: 'chat', text: 'hi' }],
      ['since', { action: 'sync', room: 'r1' }],
      ['name', { action: 'join', room: 'r1' }],
    ])('refuses a message missing %s and says it is missing, not unexpected', (field, message) => {
      const error = expectCode(() => accept(message), ErrorCodes.BAD_REQUEST);

      expect(error.message).toBe(`missing field "${field}"`);
    });

    it('refuses a message whose action does not match the schema it is checked against', () => {
      const error = expectCode(() => validate('move', VALID.chat), ErrorCodes.BAD_REQUEST);

      expect(error.message).toMatch(/^action: /);
    });

    describe('room', () => {
      it.each(['a', 'Room_1-x', 'R'.repeat(64)])('accepts %j', (room) => {
        expect(validate('leave', { action: 'leave', room })).toEqual({ action: 'leave', room });
      });

      it.each(['', 'R'.repeat(65), 'has space', 'slash/room', 'dot.room', 'émoji', 'a\nb', 42])('refuses %j', (room) => {
        const error = expectCode(() => validate('leave', { action: 'leave', room }), ErrorCodes.BAD_REQUEST);

        expect(error.message).toMatch(/^room: /);
      });
    });

    describe('name', () => {
      const join = (name: unknown) => validate('join', { action: 'join', room: 'r1', name });

      it('trims surrounding spaces', () => {
        expect(join('   Ada Lovelace  ').name).toBe('Ada Lovelace');
      });

      it('counts 24 code points, not UTF-16 units', () => {
        const emoji = 'A😀'.repeat(12);

        expect(join(emoji).name).toBe(emoji);
        expect(emoji.length).toBe(36);
      });

      it.each([
        ['a control character', 'Ada\u0007', 'Ada'],
        ['a newline (collapsed to a space)', 'Ada\nLovelace', 'Ada Lovelace'],
        ['a line separator', 'Ada\u2028Lovelace', 'Ada Lovelace'],
        ['a bidi override', 'Ada\u202Eecalevol', 'Adaecalevol'],
        ['a zero-width space', 'Ada\u200B', 'Ada'],
        ['left-to-right and right-to-left marks', '\u200eAda\u200f', 'Ada'],
        ['a lone surrogate', 'Ada\ud800', 'Ada'],
        ['tag characters', 'Ada\u{e0041}', 'Ada'],
        ['full-width letters (NFKC)', 'Ａｄａ', 'Ada'],
        ['a ligature (NFKC)', 'ﬁona', 'fiona'],
        ['ten combining marks on one letter', `x${'\u0301'.repeat(10)}y`, `x${'\u0301'.repeat(3)}y`],
      ])('strips %s from a name', (_label, name, cleaned) => {
        expect(join(name).name).toBe(cleaned);
      });

      it('accepts 24 characters after trimming', () => {
        expect(join(`  ${'n'.repeat(24)}  `).name).toBe('n'.repeat(24));
      });

      it.each([
        ['empty', ''],
        ['only spaces', '    '],
        ['25 code points', 'n'.repeat(25)],
        ['25 emoji after a letter', `A${'😀'.repeat(24)}`],
        ['emoji only: no letter or digit', '😀😀'],
        ['a Hangul filler only', '\u3164'],
        ['zero-width characters only', '\u200b\u200c\u200d'],
        ['not a string', 42],
      ])('refuses a name that is %s', (_label, name) => {
        const error = expectCode(() => join(name), ErrorCodes.BAD_REQUEST);

        expect(error.message).toMatch(/^name: /);
      });
    });

    describe('chat text', () => {
      const say = (text: unknown) => validate('chat', { action: 'chat', room: 'r1', text });

      it('strips control characters and bidi overrides, then trims', () => {
        expect(say('  gg\u0000 \u202Ewp\u202C\u2066!\u2069\u0007 ').text).toBe('gg wp!');
      });

      it('strips line breaks, which are control characters', () => {
        expect(say('good\ngame\r\n').text).toBe('goodgame');
      });

      it('accepts 500 code points, counting an emoji as one', () => {
        const text = '😀'.repeat(500);

        expect(say(text).text).toBe(text);
      });

      it('counts the length after stripping', () => {
        const text = `${'x'.repeat(500)}${'\u0001'.repeat(50)}`;

        expect(say(text).text).toBe('x'.repeat(500));
      });

      it.each([
        ['left-to-right, right-to-left and Arabic letter marks', 'gg\u200e \u200fwp\u061c', 'gg wp'],
        ['zero-width spaces and joiners', 'g\u200bg\u200d', 'gg'],
        ['tag characters', 'gg\u{e0067}\u{e0067}', 'gg'],
        ['line and paragraph separators', 'gg\u2028wp\u2029', 'ggwp'],
        ['all but three of 499 combining marks on one letter', `x${'\u0301'.repeat(499)}`, `x${'\u0301'.repeat(3)}`],
      ])('strips %s from chat', (_label, text, cleaned) => {
        expect(say(text).text).toBe(cleaned);
      });

      it.each([
        ['empty', ''],
        ['only spaces', '   '],
        ['only zero-width characters', '\u200b\u200b\u2060'],
        ['only control characters', '\u0000\u0007\u202E'],
        ['501 code points', 'x'.repeat(501)],
        ['501 emoji', '😀'.repeat(501)],
        ['not a string', ['hi']],
      ])('refuses text that is %s', (_label, text) => {
        const error = expectCode(() => say(text), ErrorCodes.BAD_REQUEST);

        expect(error.message).toMatch(/^text: /);
      });
    });

    describe('since', () => {
      const sync = (since: unknown) => validate('sync', { action: 'sync', room: 'r1', since });

      it.each([0, 1, 123_456_789])('accepts %s', (since) => {
        expect(sync(since).since).toBe(since);
      });

      it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null])('refuses %s', (since) => {
        const error = expectCode(() => sync(since), ErrorCodes.BAD_REQUEST);

        expect(error.message).toMatch(/^since: /);
      });
    });

    describe('token', () => {
      const join = (token: unknown) => validate('join', { action: 'join', room: 'r1', name: 'Ada', token });

      it.each(['a'.repeat(16), 'Z'.repeat(128), TOKEN])('accepts %j', (token) => {
        expect(join(token).token).toBe(token);
      });

      it.each(['a'.repeat(15), 'a'.repeat(129), `${'a'.repeat(20)}=`, `${'a'.repeat(20)}+/`, 'a b'.repeat(8), 1234567890123456])('refuses %j', (token) => {
        const error = expectCode(() => join(token), ErrorCodes.BAD_REQUEST);

        expect(error.message).toMatch(/^token: /);
      });
    });

    describe('id', () => {
      const ping = (id: unknown) => validate('ping', { action: 'ping', id });

      it.each(['x', 'i'.repeat(64)])('accepts an id of %j', (id) => {
        expect(ping(id)).toEqual({ action: 'ping', id });
      });

      it.each(['', 'i'.repeat(65), 7, null])('refuses an id of %j', (id) => {
        const error = expectCode(() => ping(id), ErrorCodes.BAD_REQUEST);

        expect(error.message).toMatch(/^id: /);
      });
    });
  });

  describe('requestIdOf', () => {
    it('echoes a well-formed id', () => {
      expect(requestIdOf({ action: 'move', id: 'req-7' })).toBe('req-7');
      expect(requestIdOf({ id: 'i'.repeat(64) })).toBe('i'.repeat(64));
    });

    it.each([
      ['no id', { action: 'ping' }],
      ['an empty id', { id: '' }],
      ['an id over 64 characters', { id: 'i'.repeat(65) }],
      ['a numeric id', { id: 7 }],
      ['an object id', { id: { toString: 'x' } }],
      ['a null frame', null],
      ['an undefined frame', undefined],
      ['a string frame', 'id'],
    ])('echoes nothing for %s', (_label, frame) => {
      expect(requestIdOf(frame)).toBeUndefined();
    });

    it('echoes the id of a message that is refused for another reason', () => {
      const frame = parseFrame(JSON.stringify({ action: 'chat', room: 'r1', text: '', id: 'late' }));

      expectCode(() => validate('chat', frame), ErrorCodes.BAD_REQUEST);

      expect(requestIdOf(frame)).toBe('late');
    });
  });
});
