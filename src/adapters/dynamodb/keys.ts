/**
 * The single-table layout (the schema itself is in serverless.yml):
 *
 *   pk             sk                 what
 *   CONN#<id>      CONN               a connection: its room and seat, message and join meters, identity
 *   ADDR#<ip>      ADDR               connections open from one client address (the per-address cap)
 *   ROOM#<room>    STATE              a room: game, seats, counters (seq, version, epoch, members); small
 *   ROOM#<room>    MEMBER#<id>        one member of a room
 *   ROOM#<room>    EVENT#<seq>        one event, kept for `sync` until it expires
 *   ROOM#<room>    IDEM#<player>#<id> a chat request's idempotency key (10 minutes)
 *   PAYLOAD#<id>   PAYLOAD            a fan-out event too big for its queue messages (1-day TTL)
 *
 * Sort keys are chosen so that `MEMBER#...` to `STATE` is one contiguous range:
 * a game write reads its room and the members in one Query, skipping events.
 */
export const connectionKey = (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: 'CONN' });
export const addressKey = (address: string) => ({ pk: `ADDR#${address}`, sk: 'ADDR' });
export const roomKey = (room: string) => ({ pk: `ROOM#${room}`, sk: STATE_SK });
export const memberKey = (room: string, connectionId: string) => ({ pk: `ROOM#${room}`, sk: `${MEMBER_PREFIX}${connectionId}` });
/** Zero-padded so that the sort key orders events by seq. */
export const eventKey = (room: string, seq: number) => ({ pk: `ROOM#${room}`, sk: eventSk(seq) });
export const eventSk = (seq: number): string => `${EVENT_PREFIX}${String(seq).padStart(12, '0')}`;
export const requestKey = (room: string, playerId: string, id: string) => ({ pk: `ROOM#${room}`, sk: `IDEM#${playerId}#${id}` });
export const MEMBER_PREFIX = 'MEMBER#';
export const EVENT_PREFIX = 'EVENT#';
export const STATE_SK = 'STATE';
/** The TTL attribute named in serverless.yml's TimeToLiveSpecification. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const expiresAt = (nowMs: number, ttlSeconds: number): number => Math.floor(nowMs / 1000 + ttlSeconds);

export const isConditionFailure = (error: unknown): boolean => (error as { name?: string }).name === 'ConditionalCheckFailedException';
