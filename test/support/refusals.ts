import { expect } from 'vitest';
import type { ErrorCode, ErrorReply } from '../../src/protocol';
import type { MemoryArena, TestPlayer } from './memory-arena';

/**
 * Everything a refused message must leave as it was. The join meter is the
 * exception: a refused join still counts against it, or guessing tokens
 * would be free.
 */
export const stateOf = async (arena: MemoryArena, ids: readonly string[], rooms: readonly string[] = ['r1', 'r2']) => ({
  rooms: await Promise.all(rooms.map(async (room) => await arena.rooms.get(room))),
  members: await Promise.all(rooms.map(async (room) => await arena.members.list(room))),
  connections: await Promise.all(
    ids.map(async (id) => {
      const connection = await arena.connections.get(id);
      if (connection === undefined) return undefined;
      const { joinTat: _joinTat, ...rest } = connection;
      return rest;
    }),
  ),
});

/** Sends `message` from `from`, expects exactly one error reply with `code`, and no change anywhere. */
export const expectRefused = async (arena: MemoryArena, all: TestPlayer[], from: TestPlayer, message: unknown, code: ErrorCode): Promise<ErrorReply> => {
  const before = await stateOf(arena, all.map((p) => p.id));
  const inboxes = all.map((p) => p.inbox().length);

  await from.send(message);

  const reply = from.last('error');
  expect(reply.code).toBe(code);
  expect(reply.message).toEqual(expect.any(String));
  expect(reply.message).not.toMatch(/\n\s+at /); // no stack trace
  expect(await stateOf(arena, all.map((p) => p.id))).toEqual(before);
  all.forEach((player, index) => expect(player.inbox().length).toBe(inboxes[index]! + (player === from ? 1 : 0)));
  return reply;
};

