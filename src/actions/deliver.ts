import { broadcast, type BroadcastReport } from '../broadcast';
import { toFanoutMessages } from '../fanout/batches';
import type { Viewer } from '../games/rules';
import { settleAll } from '../settle-all';
import type { RoomMember } from '../ports/members';
import type { ServerMessage } from '../protocol';
import { goOffline } from '../rooms/seats';
import { presentEvent } from '../rooms/present';
import type { RoomRecord, StoredEvent } from '../rooms/record';
import type { Deps } from './deps';
import { updateGame } from './update-game';

/** Pruning can itself produce `presence` events whose delivery finds more gone connections; stop after this many rounds. */
const MAX_PRUNE_ROUNDS = 2;

export interface Delivery {
  room: string;
  /** The room after the write: who plays which seat decides which view each member gets. */
  record: RoomRecord | undefined;
  events: readonly StoredEvent[];
  /** Every member of the room at the time of the write. */
  members: readonly string[] | undefined;
  /** The connection whose message caused this: it gets `reply`, or each event with `re`, instead of the plain event. */
  sender?: string;
  re?: string;
  reply?: ServerMessage;
}

/** One broadcast with its metrics recorded and its failures logged: the only way actions and fan-out workers send. */
export const timedBroadcast = async (deps: Deps, ids: readonly string[], payload: unknown, room?: string): Promise<BroadcastReport> => {
  const started = performance.now();
  const report = await broadcast(deps.gateway, ids, payload, {
    ...(deps.settings.broadcastConcurrency === undefined ? {} : { concurrency: deps.settings.broadcastConcurrency }),
    ...(deps.deadline === undefined ? {} : { deadline: deps.deadline }),
  });
  deps.metrics.record(report, performance.now() - started);
  if (report.failed.length > 0) deps.log.warn('broadcast had failures', { room, failed: report.failed.slice(0, 20), failedCount: report.failed.length });
  return report;
};

const NOTHING: BroadcastReport = { delivered: [], gone: [], failed: [] };

/** A room too big for one invocation: batches go to the fan-out queue; its workers deliver and prune. */
const fanOut = async (deps: Deps, room: string, ids: readonly string[], payload: unknown): Promise<BroadcastReport> => {
  const messages = await toFanoutMessages(room, deps.gatewayEndpoint, ids, payload, async (p) => await deps.payloads.put(p));
  await deps.fanout.enqueue(messages);
  deps.log.info('fanned out', { room, members: ids.length, messages: messages.length });
  return NOTHING;
};

/** The seat each seated connection plays; everybody else sees the public view. */
const seatsByConnection = (record: RoomRecord | undefined): Map<string, Viewer> =>
  new Map((record?.seats ?? []).flatMap((holder, seat) => (holder?.connectionId ? [[holder.connectionId, seat] as [string, Viewer]] : [])));

/**
 * Sends a change's events to the room and the direct reply to its sender,
 * then prunes every connection found gone. Each member gets each event as
 * its seat may see it (players their own view, everyone else the public
 * one), each distinct view serialised once. Resolves only when all of it is
 * done: the handler that awaits this can return safely.
 */
export const deliver = async (deps: Deps, delivery: Delivery, round = 0): Promise<void> => {
  const seats = seatsByConnection(delivery.record);
  const audience = (delivery.members ?? []).filter((id) => id !== delivery.sender);
  const players = audience.filter((id) => seats.has(id));
  const watchers = audience.filter((id) => !seats.has(id));
  const gone = new Set<string>();
  for (const event of delivery.events) {
    const sends = [
      watchers.length > deps.settings.fanoutThreshold
        ? fanOut(deps, delivery.room, watchers, presentEvent(delivery.room, event, null))
        : timedBroadcast(deps, watchers, presentEvent(delivery.room, event, null), delivery.room),
      ...players.map(async (id) => await timedBroadcast(deps, [id], presentEvent(delivery.room, event, seats.get(id) ?? null), delivery.room)),
    ];
    if (delivery.sender !== undefined && delivery.reply === undefined) {
      const own = presentEvent(delivery.room, event, seats.get(delivery.sender) ?? null);
      sends.push(timedBroadcast(deps, [delivery.sender], delivery.re === undefined ? own : { ...own, re: delivery.re }, delivery.room));
    }
    for (const report of await settleAll(sends)) report.gone.forEach((id) => gone.add(id));
  }
  if (delivery.sender !== undefined && delivery.reply !== undefined) {
    (await timedBroadcast(deps, [delivery.sender], delivery.reply, delivery.room)).gone.forEach((id) => gone.add(id));
  }
  if (gone.size > 0) await prune(deps, delivery.room, [...gone], round);
};

/** Sends one message to one connection (a reply outside any room change), pruning it if gone. */
export const replyTo = async (deps: Deps, connectionId: string, message: ServerMessage, room?: string): Promise<void> => {
  const report = await timedBroadcast(deps, [connectionId], message, room);
  if (report.gone.length > 0) await prune(deps, room, report.gone, 0);
};

/**
 * Deletes connections that answered 410 with their memberships, moves the
 * room's spectator count for those that were watching, and marks offline any
 * seat they were playing, telling the room. A seat's `presence` event is
 * idempotent with `$disconnect`'s: whichever runs second finds the seat
 * already offline (or its membership already gone) and says nothing.
 */
export const prune = async (deps: Deps, room: string | undefined, gone: readonly string[], round: number): Promise<void> => {
  deps.log.info('pruning gone connections', { room, count: gone.length });
  const removing = async (): Promise<RoomMember[]> => (room === undefined ? [] : await deps.members.removeMany(room, gone));
  const [removed = []] = await settleAll([removing(), (async () => { await deps.connections.remove(gone); return []; })()]);
  if (room === undefined) return;
  const watching = removed.filter((member) => member.watching).length;
  if (watching > 0) await deps.rooms.watch(room, -watching, deps.settings.maxRoomMembers);
  const seated = removed.filter((member) => !member.watching).map((member) => member.connectionId);
  if (seated.length === 0 || round >= MAX_PRUNE_ROUNDS) return;
  const update = await updateGame(deps, room, (current, now) => (current === undefined ? undefined : goOffline(current, seated, now)));
  if (update.events.length > 0) await deliver(deps, { room, record: update.record, events: update.events, members: update.members }, round + 1);
};
