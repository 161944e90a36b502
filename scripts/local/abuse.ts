import type { ServerMessage } from '../../src/protocol';
import { WsPlayer } from './ws-player';

/**
 * Throws what a hostile client would at a running stack: a flood of valid
 * messages, malformed and oversized frames, unknown actions and impersonation
 * attempts, while two honest players finish a game in another room. Returns
 * what came back, for `npm run abuse` to print and for the e2e test to check.
 */
export interface AbuseReport {
  sent: number;
  replies: Record<string, number>;
  /** Replies that were not protocol messages (must stay 0). */
  malformedReplies: number;
  /** The honest game in the other room. */
  game: { moves: number; winner: number | null; errors: string[]; strayEvents: number };
  /** The server still answers afterwards. */
  aliveAfter: boolean;
  ms: number;
}

/** The reply to `message`, or undefined if none came in time (counted by the caller, not thrown). */
const request = async (player: WsPlayer, message: Record<string, unknown>, timeoutMs = 15_000): Promise<ServerMessage | undefined> =>
  await player.request(message, timeoutMs).catch(() => undefined);

/** Waits until `done` holds, or gives up quietly after `timeoutMs`: a flood may be answered only in part. */
const drain = async (done: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

export const abuse = async (url: string, options: { flood?: number; tag?: string } = {}): Promise<AbuseReport> => {
  const started = Date.now();
  const tag = options.tag ?? String(Date.now() % 100000);
  const floodRoom = `flood-${tag}`;
  const calmRoom = `calm-${tag}`;
  const [flooder, garbler, impostor, ada, bob] = await Promise.all(['Flood', 'Garble', 'Imp', 'Ada', 'Bob'].map(async (name) => await WsPlayer.connect(url, name)));
  if (!flooder || !garbler || !impostor || !ada || !bob) throw new Error('could not open connections');

  await request(ada, { action: 'join', room: calmRoom, name: 'Ada' });
  await request(bob, { action: 'join', room: calmRoom, name: 'Bob' });
  await request(flooder, { action: 'join', room: floodRoom, name: 'Flood' });
  await request(impostor, { action: 'join', room: floodRoom, name: 'Imp' });

  let sent = 0;
  const send = (client: WsPlayer, frame: string) => {
    client.send(frame);
    sent++;
  };
  const flood = options.flood ?? 150;
  for (let i = 0; i < flood; i++) send(flooder, JSON.stringify({ action: 'chat', room: floodRoom, text: `spam ${i}`, id: `f${i}` }));
  for (const frame of [
    'not json at all',
    '{"action":',
    '[]',
    'null',
    '{"no":"action"}',
    '{"action":42}',
    '{"action":"explode"}',
    JSON.stringify({ action: 'chat', room: floodRoom, text: 'x'.repeat(40 * 1024) }),
    JSON.stringify({ action: 'join', room: '../../etc/passwd', name: 'x' }),
    JSON.stringify({ action: 'join', room: floodRoom, name: '\u0000\u0007' }),
    `{"action":"move","room":"${floodRoom}","column":1e309}`,
    '{"action":"chat","room":"x","text":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  ]) {
    send(garbler, frame);
  }
  const adaToken = (ada.inbox.find((m) => m.type === 'welcome') as { you: { token?: string } } | undefined)?.you.token ?? '';
  for (const message of [
    { action: 'move', room: calmRoom, column: 0 },
    { action: 'chat', room: calmRoom, text: 'I resign', playerId: 'someone-else' },
    { action: 'join', room: calmRoom, name: 'Ada', token: `${adaToken.slice(0, -2)}xx` },
    { action: 'leave', room: calmRoom },
  ]) {
    send(impostor, JSON.stringify(message));
  }

  // Meanwhile, an honest game: Ada wins in column 0.
  const errors: string[] = [];
  let moves = 0;
  let winner: number | null = null;
  for (const [player, column] of [[ada, 0], [bob, 1], [ada, 0], [bob, 1], [ada, 0], [bob, 1], [ada, 0]] as const) {
    const reply = await request(player, { action: 'move', room: calmRoom, column });
    if (reply?.type === 'moved') {
      moves++;
      winner = reply.state.winner;
    } else errors.push(reply === undefined ? 'no reply' : JSON.stringify(reply));
  }

  // Let the flood drain, then check the server still answers.
  await drain(() => flooder.inbox.length >= flood + 1, 60_000);
  await drain(() => garbler.inbox.length >= 12, 30_000);
  const pong = await request(garbler, { action: 'ping' });

  const replies: Record<string, number> = {};
  for (const message of [...flooder.inbox, ...garbler.inbox, ...impostor.inbox]) {
    const key = message.type === 'error' ? message.code : message.type;
    replies[key] = (replies[key] ?? 0) + 1;
  }
  const strayEvents = [...ada.inbox, ...bob.inbox].filter((m) => 'room' in m && m.room !== calmRoom).length;
  const report: AbuseReport = {
    sent,
    replies,
    malformedReplies: [flooder, garbler, impostor, ada, bob].reduce((n, c) => n + c.malformed, 0),
    game: { moves, winner, errors, strayEvents },
    aliveAfter: pong?.type === 'pong',
    ms: Date.now() - started,
  };
  await Promise.all([flooder, garbler, impostor, ada, bob].map(async (client) => await client.close()));
  return report;
};
