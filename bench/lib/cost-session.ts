/**
 * One model's scripted session, in a process of its own: `src/handlers/container.ts` reads the
 * environment once at import, so each model gets a fresh process pointed at its own table.
 *
 * The production handlers run as on Lambda (configuration from the environment, clients made at cold
 * start), on DynamoDB Local behind the capacity proxy, posting to a loopback management API that answers
 * after a round trip and counts deliveries. Handlers are invoked one at a time with API-Gateway-shaped
 * events and a Lambda-like context, so every DynamoDB call and every post between two invocations'
 * starts belongs to the first (the handlers await all their I/O: the Lambda-freeze harness holds that).
 */
import './quiet';
import { randomUUID } from 'node:crypto';
import { join as joinPath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { DynamoCapacityProxy, type CapacityCall } from '../../test/support/dynamo-capacity-proxy';
import { wsEvent } from '../../test/support/events';
import { FakeManagementApi, type RecordedRequest } from '../../test/support/fake-management-api';
import { childInput, tellParent } from './child';
import { COST_ACTIONS, type ActionCost, type CostAction, type CostChildInput, type CostChildMessage, type CostChildResult, type CrowdResult, type HotRoomResult } from './cost-shared';
import { ConnectFourBoard } from './cost-board';

const input = childInput<CostChildInput>();
const proxy = new DynamoCapacityProxy(input.dynamoEndpoint);
const api = new FakeManagementApi({ latencyMs: input.apiLatencyMs });
const MESSAGE_BYTES = 32 * 1024;
const messagesFor = (bytes: number) => Math.max(1, Math.ceil(bytes / MESSAGE_BYTES));

type Handler = (event: APIGatewayProxyWebsocketEventV2, context: Context) => Promise<unknown>;
type Message = Record<string, unknown> & { type?: string; re?: string; seq?: number; state?: RoomState; code?: string };
interface RoomState {
  status?: string;
  turn?: number | null;
  winner?: number | null;
  round?: number;
  board?: (number | null)[][];
}

const handlerFile = (route: string) => (route === '$connect' ? 'connect' : route === '$disconnect' ? 'disconnect' : route);

const lambdaContext = (route: string): Context => {
  const name = `serverless-arena-bench-${handlerFile(route)}`;
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: String(input.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
};

const emptyCost = (): ActionCost => ({ invocations: 0, billedMs: 0, dynamoCalls: 0, readUnits: 0, writeUnits: 0, failedConditionalWrites: 0, inboundMessages: 0, posts: 0, postMessages: 0 });
const costs = Object.fromEntries(COST_ACTIONS.map((action) => [action, emptyCost()])) as Record<CostAction, ActionCost>;
const refusals: Record<string, number> = {};

const addCalls = (cost: ActionCost, calls: CapacityCall[]) => {
  cost.dynamoCalls += calls.length;
  cost.readUnits += calls.reduce((sum, call) => sum + call.readUnits, 0);
  cost.writeUnits += calls.reduce((sum, call) => sum + call.writeUnits, 0);
  cost.failedConditionalWrites += calls.filter((call) => call.conditionalCheckFailed).length;
};
const addPosts = (cost: ActionCost, posts: RecordedRequest[]) => {
  cost.posts += posts.length;
  cost.postMessages += posts.reduce((sum, post) => sum + messagesFor(Buffer.byteLength(post.body)), 0);
};

const handlers: Record<string, Handler> = {};
/** The latest room state any connection was sent, by seq. */
let latest: { seq: number; state: RoomState } = { seq: 0, state: {} };
const lastSeqOf = new Map<string, number>();

const observe = (connectionId: string, message: Message) => {
  const events = message.type === 'events' && Array.isArray(message.events) ? (message.events as Message[]) : [message];
  for (const event of events) {
    if (typeof event.seq !== 'number') continue;
    lastSeqOf.set(connectionId, Math.max(lastSeqOf.get(connectionId) ?? 0, event.seq));
    if (event.state !== undefined && event.seq >= latest.seq) latest = { seq: event.seq, state: event.state };
  }
};

/** Invokes one handler like Lambda would and charges what it did to `action`; returns what its sender was sent. */
const invoke = async (route: string, connectionId: string, body?: Record<string, unknown>): Promise<Message[]> => {
  const action = (route.startsWith('$') ? route : String(body?.action)) as CostAction;
  const handler = handlers[handlerFile(route)];
  if (handler === undefined) throw new Error(`no handler for ${route}`);
  const [callsBefore, postsBefore] = [proxy.calls.length, api.requests.length];
  const event = wsEvent(route, connectionId, body);
  const started = performance.now();
  await handler(event, lambdaContext(route));
  const elapsed = performance.now() - started;
  const posts = api.requests.slice(postsBefore);
  const cost = costs[action];
  cost.invocations++;
  cost.billedMs += Math.ceil(elapsed);
  if (event.body !== undefined) cost.inboundMessages += messagesFor(Buffer.byteLength(event.body));
  addCalls(cost, proxy.calls.slice(callsBefore));
  addPosts(cost, posts);
  const delivered = posts.filter((post) => post.status === 200);
  for (const post of delivered) observe(post.connectionId, JSON.parse(post.body) as Message);
  const toSender = delivered.filter((post) => post.connectionId === connectionId).map((post) => JSON.parse(post.body) as Message);
  for (const reply of toSender) if (reply.type === 'error' && reply.code !== undefined) refusals[reply.code] = (refusals[reply.code] ?? 0) + 1;
  return toSender;
};

const reply = (messages: Message[], id: string) => messages.find((message) => message.re === id);

const random = (() => {
  // mulberry32: the same moves for every model, whatever their storage.
  let state = input.seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

const ROOM = 'cost-room';
let requestId = 0;
const nextId = () => `q${++requestId}`;

interface Player {
  connectionId: string;
  name: string;
  seat: number;
  token: string;
}

const join = async (connectionId: string, name: string, token?: string) => {
  const id = nextId();
  const welcome = reply(await invoke('join', connectionId, { action: 'join', room: ROOM, name, id, ...(token === undefined ? {} : { token }) }), id);
  if (welcome?.type !== 'welcome') throw new Error(`join of ${connectionId} answered ${JSON.stringify(welcome)}`);
  return welcome as Message & { you: { seat: number | null; token?: string } };
};

const chat = async (connectionId: string, text: string) => {
  await invoke('chat', connectionId, { action: 'chat', room: ROOM, text, id: nextId() });
};

/**
 * Plays one game to its end: whose turn from the latest state (else alternating after the first move),
 * a pseudo-random legal column from a board kept from the moves applied. Chats are interleaved.
 */
const playGame = async (players: Player[], spectators: string[], during: (move: number) => Promise<void>): Promise<number> => {
  const board = new ConnectFourBoard();
  let turn = latest.state.turn ?? 0;
  let moves = 0;
  for (let attempts = 0; attempts < 200; attempts++) {
    const player = players.find((p) => p.seat === turn);
    if (player === undefined) throw new Error(`no player holds seat ${turn}`);
    const legal = board.legalColumns();
    const column = legal[Math.floor(random() * legal.length)] as number;
    const id = nextId();
    const answer = reply(await invoke('move', player.connectionId, { action: 'move', room: ROOM, column, id }), id);
    if (answer?.type === 'error') {
      if (answer.code === 'NOT_YOUR_TURN') turn = 1 - turn;
      else if (answer.code === 'GAME_OVER') return moves;
      else throw new Error(`move refused: ${JSON.stringify(answer)}`);
      continue;
    }
    board.drop(column, turn);
    moves++;
    const state = answer?.state ?? latest.state;
    const over = state.status === undefined ? board.winner() !== undefined || board.full() : state.status === 'won' || state.status === 'draw';
    if (over) return moves;
    turn = typeof state.turn === 'number' ? state.turn : 1 - turn;
    await during(moves);
    if (moves % 6 === 0 && spectators[0] !== undefined) await chat(spectators[0], `nice one (${moves})`);
  }
  throw new Error('the game did not end in 200 attempts');
};

const rematch = async (players: Player[]) => {
  for (const player of players) await invoke('rematch', player.connectionId, { action: 'rematch', room: ROOM, id: nextId() });
};

const session = async (): Promise<number[]> => {
  const [ada, bob, sam, vic] = ['p-ada', 'p-bob', 's-sam', 's-vic'];
  const everyone = [ada, bob, sam, vic] as string[];
  api.connect(...everyone);
  for (const id of everyone) await invoke('$connect', id);
  const players: Player[] = [];
  for (const [id, name] of [[ada, 'Ada'], [bob, 'Bob']] as [string, string][]) {
    const welcome = await join(id, name);
    if (welcome.you.seat === null || welcome.you.token === undefined) throw new Error(`${name} got no seat`);
    players.push({ connectionId: id, name, seat: welcome.you.seat, token: welcome.you.token });
  }
  const spectators = [sam, vic] as string[];
  for (const id of spectators) await join(id, id);
  const movesPerGame: number[] = [];
  for (let game = 1; game <= input.games; game++) {
    if (game > 1) await rematch(players);
    const first = players[0] as Player;
    await chat(first.connectionId, `good luck, game ${game}`);
    movesPerGame.push(
      await playGame(players, spectators, async (move) => {
        if (game === 2 && move === 4) {
          // Bob's socket dies mid-game; he comes back on a new connection with his seat token and catches up.
          const bobSeat = players.find((p) => p.name === 'Bob') as Player;
          api.disconnect(bobSeat.connectionId);
          await invoke('$disconnect', bobSeat.connectionId);
          const again = `${bobSeat.connectionId}-2`;
          api.connect(again);
          await invoke('$connect', again);
          const since = lastSeqOf.get(bobSeat.connectionId) ?? 0;
          const welcome = await join(again, 'Bob', bobSeat.token);
          bobSeat.connectionId = again;
          if (welcome.you.token !== undefined) bobSeat.token = welcome.you.token;
          await invoke('sync', again, { action: 'sync', room: ROOM, since, id: nextId() });
        }
        if (game === 3 && move === 3) await invoke('sync', vic, { action: 'sync', room: ROOM, since: lastSeqOf.get(vic) ?? 0, id: nextId() });
      }),
    );
    for (const player of players) await chat(player.connectionId, 'gg');
  }
  for (const id of spectators) {
    await invoke('leave', id, { action: 'leave', room: ROOM, id: nextId() });
    api.disconnect(id);
    await invoke('$disconnect', id);
  }
  for (const player of players) {
    api.disconnect(player.connectionId);
    await invoke('$disconnect', player.connectionId);
  }
  return movesPerGame;
};

/** 100 members of one room (2 players, the rest spectators) all send a chat at the same moment. */
const hotRoom = async (members: number): Promise<HotRoomResult> => {
  const room = 'hot-room';
  const ids = Array.from({ length: members }, (_, i) => `hot-${i}`);
  api.connect(...ids);
  for (const id of ids) {
    await handlers.connect?.(wsEvent('$connect', id), lambdaContext('$connect'));
    await handlers.join?.(wsEvent('join', id, { action: 'join', room, name: id }), lambdaContext('join'));
  }
  const [callsBefore, postsBefore] = [proxy.calls.length, api.requests.length];
  const started = performance.now();
  const answers = await Promise.all(ids.map(async (id, i) => {
    const body = { action: 'chat', room, text: `all at once ${i}`, id: `hot${i}` };
    await handlers.chat?.(wsEvent('chat', id, body), lambdaContext('chat'));
    return id;
  }));
  const elapsedMs = performance.now() - started;
  const calls = proxy.calls.slice(callsBefore);
  const posts = api.requests.slice(postsBefore);
  const replies = answers.map((id, i) => posts.filter((post) => post.connectionId === id && post.status === 200).map((post) => JSON.parse(post.body) as Message).find((message) => message.re === `hot${i}`));
  const refused: Record<string, number> = {};
  let applied = 0;
  for (const answer of replies) {
    if (answer?.type === 'chat') applied++;
    else {
      const code = answer?.type === 'error' ? String(answer.code) : 'NO_REPLY';
      refused[code] = (refused[code] ?? 0) + 1;
    }
  }
  // The numbering, from the senders' own copies: one seq per applied chat, no gap, no duplicate.
  const seqs = replies.filter((answer) => answer?.type === 'chat' && typeof answer.seq === 'number').map((answer) => answer?.seq as number).sort((a, b) => a - b);
  const seqsContiguous = seqs.length === applied && seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] as number) + 1);
  const writes = calls.filter((call) => call.kind === 'write');
  return {
    members,
    applied,
    refused,
    // Attempts at the write that numbers an event (the room's own item), failed ones included: what contention costs.
    roomWriteAttempts: writes.filter((call) => call.itemKey === `ROOM#${room}|STATE`).length,
    roomPartitionWrites: writes.filter((call) => call.partitionKeys.some((key) => key.includes(room))).length,
    failedConditionalWrites: calls.filter((call) => call.conditionalCheckFailed).length,
    writeUnits: calls.reduce((sum, call) => sum + call.writeUnits, 0),
    readUnits: calls.reduce((sum, call) => sum + call.readUnits, 0),
    dynamoCalls: calls.length,
    posts: posts.length,
    undelivered: posts.filter((post) => post.status !== 200).length,
    elapsedMs,
    seqsContiguous,
  };
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
};

/**
 * A crowd arrives: 2 players sit down, then spectators join one after another, as a popular game's
 * audience would; then every spectator's socket closes. What each join posts, and how long it takes,
 * as the room grows: a join announced to every member costs O(n) posts, so a crowd O(n^2).
 */
const crowdRoom = async (members: number): Promise<CrowdResult> => {
  const room = 'crowd-room';
  const ids = Array.from({ length: members }, (_, i) => `crowd-${i}`);
  api.connect(...ids);
  /** The spectator count the players were last told after `from`: in a chat line, or in an event's state. */
  const toldPlayers = (from: number): number | undefined => {
    let told: number | undefined;
    for (const post of api.requests.slice(from)) {
      if (post.status !== 200 || (post.connectionId !== ids[0] && post.connectionId !== ids[1])) continue;
      const message = JSON.parse(post.body) as Message & { spectators?: number; state?: RoomState & { spectators?: number } };
      const count = message.type === 'chat' ? message.spectators : message.state?.spectators;
      if (typeof count === 'number') told = count;
    }
    return told;
  };
  const joins: { posts: number; ms: number; writeUnits: number }[] = [];
  for (const [index, id] of ids.entries()) {
    await handlers.connect?.(wsEvent('$connect', id), lambdaContext('$connect'));
    const [callsBefore, postsBefore] = [proxy.calls.length, api.requests.length];
    const started = performance.now();
    await handlers.join?.(wsEvent('join', id, { action: 'join', room, name: `c${index}` }), lambdaContext('join'));
    const ms = performance.now() - started;
    const posts = api.requests.slice(postsBefore);
    // A crowd that was refused (a cap, a bug) would measure refusals: every member must have been welcomed.
    if (!posts.some((post) => post.connectionId === id && post.status === 200 && (JSON.parse(post.body) as Message).type === 'welcome')) {
      throw new Error(`crowd: ${id}'s join was not welcomed: ${posts.map((post) => post.body).join(' ')}`);
    }
    if (index >= 2) joins.push({ posts: posts.length, ms, writeUnits: proxy.calls.slice(callsBefore).reduce((sum, call) => sum + call.writeUnits, 0) });
  }
  const leaveFrom = api.requests.length;
  for (const id of ids.slice(2)) {
    api.disconnect(id);
    await handlers.disconnect?.(wsEvent('$disconnect', id), lambdaContext('$disconnect'));
  }
  const leavePosts = api.requests.length - leaveFrom;
  // The players' next event carries the count (a spectator's leaving is not announced by itself any more).
  const chatFrom = api.requests.length;
  await handlers.chat?.(wsEvent('chat', ids[0] as string, { action: 'chat', room, text: 'who is still here?' }), lambdaContext('chat'));
  const spectatorsAfterLeaving = toldPlayers(chatFrom);
  const tenth = Math.max(1, Math.floor(joins.length / 10));
  const [first, last] = [joins.slice(0, tenth), joins.slice(-tenth)];
  return {
    members,
    spectators: joins.length,
    joinPosts: joins.reduce((sum, join) => sum + join.posts, 0),
    postsPerJoinFirstTenth: first.reduce((sum, join) => sum + join.posts, 0) / first.length,
    postsPerJoinLastTenth: last.reduce((sum, join) => sum + join.posts, 0) / last.length,
    joinMsFirstTenth: median(first.map((join) => join.ms)),
    joinMsLastTenth: median(last.map((join) => join.ms)),
    writeUnitsPerJoin: joins.reduce((sum, join) => sum + join.writeUnits, 0) / Math.max(1, joins.length),
    leavePosts,
    spectatorsAfterLeaving,
  };
};

const main = async (): Promise<CostChildResult> => {
  const dynamodbEndpoint = await proxy.start();
  const apiEndpoint = await api.start();
  Object.assign(process.env, {
    TABLE_NAME: input.tableName,
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    WEBSOCKET_API_ENDPOINT: apiEndpoint,
    // Back-to-back bench messages then take the path of a player acting seconds apart: one rate-limit
    // update that succeeds. At the default 2/s, a burst pays a failed conditional write and a retry each.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000',
    // Every bench connection has the same source address; the hot room and the crowd are more than the per-address cap.
    MAX_CONNECTIONS_PER_ADDRESS: '100000',
    // EMF lines on stdout would interleave with the bench's output; metrics make no DynamoDB calls.
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb),
  });
  for (const route of ['connect', 'disconnect', 'join', 'move', 'chat', 'sync', 'leave', 'rematch']) {
    handlers[route] = ((await import(pathToFileURL(joinPath(input.srcDir, 'handlers', `${route}.ts`)).href)) as { handler: Handler }).handler;
  }
  const movesPerGame = await session();
  // Everything the scripted session did is charged above; the hot room's setup is not.
  const hot = input.hotRoomMembers > 0 ? await hotRoom(input.hotRoomMembers) : undefined;
  const crowd = input.crowdMembers > 2 ? await crowdRoom(input.crowdMembers) : undefined;
  return { model: input.model, actions: costs, games: movesPerGame.length, movesPerGame, refusals, ...(hot === undefined ? {} : { hot }), ...(crowd === undefined ? {} : { crowd }) };
};

try {
  const result = await main();
  await tellParent({ type: 'result', result } satisfies CostChildMessage);
} catch (error) {
  await tellParent({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) } satisfies CostChildMessage);
} finally {
  await api.stop();
  await proxy.stop();
}
// The handlers' SDK clients keep sockets open, as a Lambda container would: this process is done.
process.exit(0);
