import { broadcast, type BroadcastReport } from '../broadcast';
import { toFanoutMessages } from '../fanout/batches';
import { settleAll } from '../settle-all';
import type { RoomEvent, ServerMessage } from '../protocol';
import { goOffline } from '../rooms/room';
import type { Deps } from './deps';
import { updateRoom } from './update-room';

/** Pruning can itself produce `presence` events whose delivery finds more gone connections; stop after this many rounds. */
const MAX_PRUNE_ROUNDS = 2;

export interface Delivery {
  room: string;
  events: readonly RoomEvent[];
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

/**
 * Sends a change's events to the room and the direct reply to its sender,
 * then prunes every connection found gone. Resolves only when all of it is
 * done: the handler that awaits this can return safely.
 */
export const deliver = async (deps: Deps, delivery: Delivery, round = 0): Promise<void> => {
  const audience = (delivery.members ?? []).filter((id) => id !== delivery.sender);
  const gone = new Set<string>();
  for (const event of delivery.events) {
    const sends = [audience.length > deps.settings.fanoutThreshold ? fanOut(deps, delivery.room, audience, event) : timedBroadcast(deps, audience, event, delivery.room)];
    if (delivery.sender !== undefined && delivery.reply === undefined) {
      sends.push(timedBroadcast(deps, [delivery.sender], delivery.re === undefined ? event : { ...event, re: delivery.re }, delivery.room));
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
 * Deletes connections that answered 410, with their memberships (batched),
 * and marks offline any seat they were playing, telling the room. A seat's
 * `presence` event is idempotent with `$disconnect`'s: whichever runs second
 * finds the seat already offline and says nothing.
 */
export const prune = async (deps: Deps, room: string | undefined, gone: readonly string[], round: number): Promise<void> => {
  deps.log.info('pruning gone connections', { room, count: gone.length });
  await settleAll([deps.connections.remove(gone), ...(room === undefined ? [] : [deps.members.removeMany(room, gone)])]);
  if (room === undefined || round >= MAX_PRUNE_ROUNDS) return;
  const update = await updateRoom(deps, room, (current) => (current === undefined ? undefined : goOffline(current, gone)));
  if (update.events.length > 0) await deliver(deps, { room, events: update.events, members: update.members }, round + 1);
};
