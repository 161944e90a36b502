import type { PingRequest } from '../protocol';
import { replyTo } from './deliver';
import type { Deps, Sender } from './deps';

export const ping = async (deps: Deps, { connection, re }: Sender, _request: PingRequest): Promise<void> => {
  await replyTo(deps, connection.connectionId, { type: 'pong', ...(re === undefined ? {} : { re }) }, connection.room);
};
