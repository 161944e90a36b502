import { IdReusedError, NotInRoomError } from '../errors';
import type { ChatEvent, ChatRequest } from '../protocol';
import { expireStep } from '../rooms/play';
import type { StoredEvent } from '../rooms/record';
import { requestHash } from '../rooms/requests';
import { deliver, replyTo } from './deliver';
import { deliverUpdate } from './deliver-update';
import type { Deps, Sender } from './deps';
import { requireMember } from './require-member';
import { updateGame } from './update-game';

/**
 * A chat line changes no game, so it takes its seq with an atomic increment
 * of the room's counter: no read first, no condition but that the room exists,
 * never refused or retried because of a move or another line. The members
 * are listed after that increment, so whoever joined before it hears it.
 *
 * With an `id`, a line is said once: its key is claimed with the seq it got,
 * and a resend is answered with the original event. A resend checks the key
 * first, so only two copies racing each other (two sockets, same instant) can
 * both take a seq; the loser's seq then holds no event, which a `sync` over
 * it answers with a snapshot.
 */
export const chat = async (deps: Deps, sender: Sender, request: ChatRequest): Promise<void> => {
  const connection = requireMember(sender.connection, request.room);
  const { room } = request;
  const { re } = sender;
  const fields = { playerId: connection.playerId, name: connection.name ?? '', seat: connection.seat ?? null, text: request.text };
  const answer = (seq: number): ChatEvent => ({ type: 'chat', room, seq, ...fields, ...(re === undefined ? {} : { re }) });
  const hash = re === undefined ? undefined : requestHash(request);
  if (re !== undefined && hash !== undefined) {
    const earlier = await deps.requests.find(room, connection.playerId, re, deps.clock());
    if (earlier !== undefined) {
      if (earlier.hash !== hash) throw new IdReusedError(re);
      return await replyTo(deps, connection.connectionId, answer(earlier.seq), room);
    }
  }

  const record = await deps.rooms.allocate(room, 1);
  if (record === undefined) throw new NotInRoomError(room);
  const now = deps.clock();
  if (re !== undefined && hash !== undefined && !(await deps.requests.claim(room, connection.playerId, re, { hash, seq: record.seq }, now))) {
    const winner = await deps.requests.find(room, connection.playerId, re, now);
    if (winner !== undefined && winner.hash !== hash) throw new IdReusedError(re);
    return await replyTo(deps, connection.connectionId, answer(winner?.seq ?? record.seq), room);
  }
  // The spectator count rides on every event, a chat line too: spectators come and go without one of their own.
  const event: StoredEvent = { seq: record.seq, type: 'chat', at: now, fields: { ...fields, spectators: record.spectators } };
  await deps.events.append(room, [event]);
  const members = await deps.members.list(room);
  await deliver(deps, { room, record, events: [event], members, sender: connection.connectionId, ...(re === undefined ? {} : { re }) });

  // The counter came back with the whole room: a turn that ran out is ended here too.
  if (expireStep(record, now) !== undefined) await deliverUpdate(deps, room, await updateGame(deps, room, () => undefined));
};

