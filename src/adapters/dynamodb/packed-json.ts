import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * JSON kept as a deflated binary attribute. A room's body and an event's state
 * are repetitive JSON (board cells, field names), and DynamoDB bills every
 * write by the item's size per started kilobyte: a Connect Four room is about
 * 1.6 KB as text and 0.45 KB deflated, so each of its writes (and each chat
 * line's increment of its counter) costs one write unit instead of two; a
 * Battleship event with its state drops from about 9 KB to 2. Deflating 2 KB
 * takes some tens of microseconds.
 */
export const pack = (value: unknown): Uint8Array => deflateRawSync(JSON.stringify(value));

export const unpack = <T>(bytes: Uint8Array): T => JSON.parse(inflateRawSync(bytes).toString('utf8')) as T;
