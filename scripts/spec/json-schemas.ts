import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { allGames } from '../../src/games/registry';
import type { GameRules } from '../../src/games/rules';
import { shipSchema } from '../../src/outbound-games';
import { gameStateSchemas, movedSchemas, replySchemas, roomEventSchema, roomEventSchemas, roomStateSchema, serverMessageSchema } from '../../src/outbound-schemas';
import { Actions, type Action } from '../../src/protocol';
import { requestSchemas } from '../../src/schemas';
import { INBOUND_FIELDS, MESSAGES, type MessageDoc } from './texts';

/**
 * JSON Schemas (draft-07) of every message, converted from the valibot
 * schemas the server runs: `src/schemas.ts` and each game's `moveSchema` for
 * what a client sends, `src/outbound-schemas.ts` for what it receives. Each
 * file stands alone (its shared parts under `$defs`), so a client can load one
 * without resolving references across files.
 */

type Schema = v.GenericSchema;
type Definitions = Record<string, Schema>;

const DRAFT = 'http://json-schema.org/draft-07/schema#';

/**
 * Inbound: convert what a client must send, so stop at the first transform
 * (a name is cleaned before it is checked; INBOUND_FIELDS says so in words).
 * Anything else the converter cannot express fails the generation, so no
 * rule is dropped silently.
 */
const INBOUND: ConversionConfig = { typeMode: 'input', errorMode: 'throw' };

/**
 * Outbound: `check` actions relate values JSON Schema cannot (a state's turn
 * and toMove, a name with nothing hidden); each schema's description states
 * them, and `metadata` gives JSON Schema what it can say (code point lengths).
 */
const OUTBOUND: ConversionConfig = { errorMode: 'throw', ignoreActions: ['check'] };

/** Every `$ref` target named anywhere in `value`. */
const refsIn = (value: unknown, found = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.add(item.replace('#/$defs/', ''));
      else refsIn(item, found);
    }
  }
  return found;
};

/** Keeps only the definitions the schema reaches, so each file carries what it uses. */
const pruneDefinitions = (schema: JsonSchema): JsonSchema => {
  const { $defs, ...rest } = schema;
  if ($defs === undefined) return schema;
  const kept = new Set<string>();
  const queue = [...refsIn(rest)];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (kept.has(name)) continue;
    kept.add(name);
    queue.push(...refsIn($defs[name]));
  }
  const used = Object.fromEntries(Object.entries($defs).filter(([name]) => kept.has(name)));
  return Object.keys(used).length === 0 ? rest : { ...rest, $defs: used };
};

/** Top-level keys first, in a fixed order, so a file reads well and diffs cleanly. */
const document = (doc: MessageDoc, body: JsonSchema): JsonSchema => {
  const { $schema: _schema, title: _title, description, ...rest } = body;
  const text = description === undefined || description === doc.description ? doc.description : `${doc.description} ${description}`;
  return { $schema: DRAFT, title: doc.title, description: text, ...rest };
};

/** Adds the words of INBOUND_FIELDS to each property of an inbound message (JSON Schema keeps its rules, the words say the rest). */
const describeFields = (schema: JsonSchema): JsonSchema => {
  if (schema.properties === undefined) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([key, value]) => {
      const words = INBOUND_FIELDS[key];
      return [key, typeof value === 'object' && words !== undefined && value.description === undefined ? { ...value, description: words } : value];
    }),
  );
  return { ...schema, properties };
};

/** A game's forms of move (one strict object, or a variant of them), each with the protocol's own fields beside its own. */
const moveForms = (rules: GameRules): { title: string; schema: Schema }[] => {
  const moveSchema = rules.moveSchema as unknown as v.StrictObjectSchema<v.ObjectEntries, undefined> | v.VariantSchema<string, v.StrictObjectSchema<v.ObjectEntries, undefined>[], undefined>;
  const options = moveSchema.type === 'variant' ? moveSchema.options : [moveSchema];
  return options.map((option) => {
    const kind = (option.entries.kind as { literal?: string } | undefined)?.literal;
    return {
      title: kind === undefined ? `${rules.title} move` : `${rules.title} move: ${kind}`,
      // The generator builds this strict object only to describe it; the server checks the two halves separately.
      schema: { ...option, entries: { ...requestSchemas.move.entries, ...option.entries } } as unknown as Schema,
    };
  });
};

const inbound = (action: Action): JsonSchema => {
  const doc = MESSAGES.client[action];
  if (action !== 'move') return document(doc, describeFields(toJsonSchema(requestSchemas[action], INBOUND)));
  const forms = allGames().flatMap(moveForms);
  return document(doc, {
    anyOf: forms.map(({ title, schema }) => {
      const { $schema: _schema, ...converted } = describeFields(toJsonSchema(schema, INBOUND));
      return { title, ...converted };
    }),
  });
};

/** Shared parts of outbound messages, written once per file under `$defs`. */
const OUTBOUND_DEFINITIONS: Definitions = {
  RoomState: roomStateSchema,
  ConnectFourState: gameStateSchemas.connect4,
  BattleshipState: gameStateSchemas.battleship,
  Ship: shipSchema,
  RoomEvent: roomEventSchema,
  ...Object.fromEntries(Object.entries(roomEventSchemas).map(([type, schema]) => [`${type}Event`, schema])),
  ...Object.fromEntries(
    Object.entries(movedSchemas).flatMap(([game, forms]) => forms.map((schema, index) => [forms.length === 1 ? `moved_${game}` : `moved_${game}_${index + 1}`, schema])),
  ),
  ...Object.fromEntries(Object.entries(replySchemas).map(([type, schema]) => [`${type}Reply`, schema])),
};

const outbound = (schema: Schema, doc: MessageDoc): JsonSchema => {
  // The schema being written is the document itself, not a reference to one of its definitions.
  const definitions = Object.fromEntries(Object.entries(OUTBOUND_DEFINITIONS).filter(([, definition]) => definition !== schema));
  return document(doc, pruneDefinitions(toJsonSchema(schema, { ...OUTBOUND, definitions })));
};

/** File name (under docs/schemas/) -> JSON Schema, for every message in both directions. */
export const jsonSchemas = (): Map<string, JsonSchema> => {
  const files = new Map<string, JsonSchema>();
  for (const action of Object.values(Actions)) files.set(`client/${action}.json`, inbound(action));
  for (const [type, schema] of Object.entries(roomEventSchemas)) files.set(`server/${type}.json`, outbound(schema, MESSAGES.server[type as keyof typeof roomEventSchemas]));
  for (const [type, schema] of Object.entries(replySchemas)) {
    const name = type === 'left' ? 'left-reply' : type;
    files.set(`server/${name}.json`, outbound(schema, MESSAGES.server[name as keyof typeof MESSAGES.server]));
  }
  files.set('server/room-state.json', outbound(roomStateSchema, MESSAGES.server['room-state']));
  files.set('server/message.json', outbound(serverMessageSchema, MESSAGES.server.message));
  return files;
};
