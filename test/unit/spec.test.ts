import specs from '@asyncapi/specs';
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSpec, specDrift } from '../../scripts/spec';
import { battleship } from '../../src/games/battleship';
import { COLUMNS, connectFour, ROWS } from '../../src/games/connect-four';
import { gameIds, rulesFor } from '../../src/games/registry';
import { gameOutbound } from '../../src/outbound-games';
import { gameStateSchemas, outboundIssues } from '../../src/outbound-schemas';
import type { ServerMessage, WelcomeReply } from '../../src/protocol';
import { requestSchemas } from '../../src/schemas';
import { FLEET_ROWS, sampleSession } from '../support/sample-session';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const spec = buildSpec();
const schemaOf = (path: string): object => JSON.parse(spec.get(`schemas/${path}`) ?? 'null') as object;

/** The JSON Schemas as a client would load them: ajv, strict, one file at a time. */
const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();
const validatorOf = (path: string): ValidateFunction => {
  let validate = validators.get(path);
  if (validate === undefined) {
    validate = ajv.compile(schemaOf(path));
    validators.set(path, validate);
  }
  return validate;
};
const fileOf = (message: ServerMessage): string => (message.type === 'left' && !('seq' in message) ? 'left-reply' : message.type);

describe('the generated spec', () => {
  it('is what docs/ holds: code and committed spec have not drifted (run `npm run spec`)', async () => {
    expect(await specDrift()).toEqual([]);
  });

  it('is a valid AsyncAPI 3.0 document whose references all resolve', () => {
    const document = parse(readFileSync(`${DOCS}asyncapi.yaml`, 'utf8')) as Record<string, unknown>;
    // The AsyncAPI schema bundles its own copy of the draft-07 meta-schema: ajv must not add its own (same $id).
    const validate = new Ajv({ allErrors: true, strict: false, meta: false, validateSchema: false, validateFormats: false }).compile(specs.schemas['3.0.0']);
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] as string);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) {
      if (ref.startsWith('#/')) {
        const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
        expect(target, ref).toBeDefined();
      } else {
        expect(spec.has(ref), ref).toBe(true);
      }
    }
  });

  it('has an outbound description for every registered game, and Connect Four’s grid as the game has it', () => {
    expect(Object.keys(gameOutbound).sort()).toEqual(gameIds().sort());
    const board = connectFour.view(connectFour.setup(0), null, false).board as unknown[][];
    expect([board.length, board[0]?.length]).toEqual([ROWS, COLUMNS]);
    expect(v.is(gameOutbound.connect4.view.board, board)).toBe(true);
    expect(v.is(gameOutbound.connect4.view.board, [...board, board[0]])).toBe(false);
  });

  it('compiles under a strict JSON Schema validator', () => {
    for (const path of spec.keys()) if (path.endsWith('.json')) expect(() => validatorOf(path.replace('schemas/', '')), path).not.toThrow();
  });
});

describe('what the server sends', () => {
  let messages: ServerMessage[];
  beforeAll(async () => {
    messages = await sampleSession();
  });

  it('covers every kind of server message in the sample', () => {
    const kinds = new Set(messages.map(fileOf));
    expect([...kinds].sort()).toEqual(['chat', 'ended', 'error', 'events', 'evicted', 'joined', 'left', 'left-reply', 'moved', 'pong', 'presence', 'rematch', 'rooms', 'snapshot', 'welcome']);
    expect(messages.some((m) => m.type === 'error' && m.code === 'RATE_LIMITED')).toBe(true);
    expect(messages.some((m) => m.type === 'moved' && m.state.game === 'battleship')).toBe(true);
  });

  it('conforms to the outbound schemas and to the generated JSON Schemas alike', () => {
    for (const message of messages) {
      expect(outboundIssues(message), JSON.stringify(message)).toEqual([]);
      for (const file of [fileOf(message), 'message']) {
        const validate = validatorOf(`server/${file}.json`);
        expect(validate(message), `${file}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
      }
    }
  });

  it('is refused by both when a field is added, missing or leaks hidden state', () => {
    const welcome = messages.find((m) => m.type === 'welcome')!;
    const shot = messages.find((m) => m.type === 'moved' && m.state.game === 'battleship' && m.state.status === 'playing' && (m as { kind?: string }).kind === 'shoot')!;
    const hidden = shot as unknown as { state: { fleets: unknown[] } };
    const broken: unknown[] = [
      { ...welcome, token: 'x'.repeat(20) },
      { ...welcome, you: { ...welcome.you, identity: 'alice@example.com' } },
      { ...welcome, state: { ...welcome.state, seats: [] } },
      { type: 'error', code: 'RATE_LIMITED', message: 'slow down' },
      { type: 'error', code: 'BAD_REQUEST', message: 'no', retryAfterMs: 5 },
      // A fleet of the wrong size, and a shot whose result names no sunk ship.
      { ...shot, state: { ...hidden.state, fleets: [FLEET_ROWS.slice(1), null] } },
      { ...shot, result: 'sunk' },
    ];
    for (const message of broken) {
      expect(outboundIssues(message), JSON.stringify(message)).not.toEqual([]);
      expect(validatorOf('server/message.json')(message), JSON.stringify(message)).toBe(false);
    }
  });

  it('states in words what the JSON Schema cannot check (a state whose turn contradicts toMove passes only the JSON Schema)', () => {
    const welcome = messages.find((m): m is WelcomeReply => m.type === 'welcome' && m.state.status === 'playing')!;
    const inconsistent = { ...welcome, state: { ...welcome.state, turn: null } };
    expect(outboundIssues(inconsistent)).not.toEqual([]);
    expect(validatorOf('server/welcome.json')(inconsistent)).toBe(true);
    expect(JSON.stringify(schemaOf('server/welcome.json'))).toContain('turn is toMove[0] when toMove has one seat');
    expect(v.is(gameStateSchemas.connect4, welcome.state)).toBe(true);
  });
});

describe('what a client sends', () => {
  const game = (request: Record<string, unknown>, id: string) => {
    const { action: _action, id: _id, room: _room, ...fields } = request;
    return v.is(rulesFor(id).moveSchema, fields);
  };
  const valid: [string, Record<string, unknown>][] = [
    ['join', { action: 'join', room: 'r1', name: 'Ada', token: 'watch-abcdefghijklmnop', id: '1' }],
    ['create', { action: 'create', game: 'battleship', name: 'Ada', clock: { turnSeconds: 30 }, visibility: 'public', reconnectSeconds: 120 }],
    ['quickplay', { action: 'quickplay', game: 'connect4', name: 'Ada' }],
    ['rooms', { action: 'rooms', game: 'connect4', status: 'playing', cursor: 'abc' }],
    ['move', { action: 'move', room: 'r1', column: 3, id: 'm' }],
    ['move', { action: 'move', room: 'r1', kind: 'place', ships: FLEET_ROWS }],
    ['move', { action: 'move', room: 'r1', kind: 'shoot', row: 9, column: 0 }],
    ['chat', { action: 'chat', room: 'r1', text: 'hi' }],
    ['sync', { action: 'sync', room: 'r1', since: 0 }],
    ['leave', { action: 'leave', room: 'r1' }],
    ['rematch', { action: 'rematch', room: 'r1' }],
    ['ping', { action: 'ping' }],
  ];
  const invalid: [string, Record<string, unknown>][] = [
    ['join', { action: 'join', room: 'r1', name: 'Ada', seat: 0 }],
    ['join', { action: 'join', room: 'r 1', name: 'Ada' }],
    ['create', { action: 'create', game: 'chess', name: 'Ada' }],
    ['create', { action: 'create', game: 'connect4', name: 'Ada', clock: { turnSeconds: 1 } }],
    ['move', { action: 'move', room: 'r1', column: 7 }],
    ['move', { action: 'move', room: 'r1', kind: 'shoot', row: 1, column: 1, ships: [] }],
    ['sync', { action: 'sync', room: 'r1', since: -1 }],
    ['ping', { action: 'ping', id: '' }],
  ];

  it('passes the generated JSON Schema whenever the server’s schemas accept it', () => {
    for (const [action, request] of valid) {
      const envelope = v.is(requestSchemas[action as keyof typeof requestSchemas], request);
      const fields = action !== 'move' || game(request, 'kind' in request ? battleship.id : connectFour.id);
      expect(envelope && fields, JSON.stringify(request)).toBe(true);
      expect(validatorOf(`client/${action}.json`)(request), JSON.stringify(request)).toBe(true);
    }
  });

  it('fails the generated JSON Schema whenever it breaks a rule JSON Schema can state', () => {
    for (const [action, request] of invalid) {
      const envelope = v.is(requestSchemas[action as keyof typeof requestSchemas], request);
      const fields = action !== 'move' || gameIds().some((id) => game(request, id));
      expect(envelope && fields, JSON.stringify(request)).toBe(false);
      expect(validatorOf(`client/${action}.json`)(request), JSON.stringify(request)).toBe(false);
    }
  });
});
