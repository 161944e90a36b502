/**
 * The single-table layout (the schema itself is in serverless.yml):
 *
 *   pk             sk               what
 *   CONN#<id>      CONN             a connection: its room, rate-limit bucket, identity
 *   ROOM#<room>    STATE            a room: game, seats, seq, recent events
 *   ROOM#<room>    MEMBER#<id>      one member of a room; `Query pk, begins_with(sk)` lists them
 *   PAYLOAD#<id>   PAYLOAD          a fan-out event too big for its queue messages (1-day TTL)
 */
export const connectionKey = (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: 'CONN' });
export const roomKey = (room: string) => ({ pk: `ROOM#${room}`, sk: 'STATE' });
export const memberKey = (room: string, connectionId: string) => ({ pk: `ROOM#${room}`, sk: `${MEMBER_PREFIX}${connectionId}` });
export const MEMBER_PREFIX = 'MEMBER#';
/** The TTL attribute named in serverless.yml's TimeToLiveSpecification. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const expiresAt = (nowMs: number, ttlSeconds: number): number => Math.floor(nowMs / 1000 + ttlSeconds);
