/**
 * `npm run bench:load`: end to end through `serverless offline`, on loopback.
 * 100 `ws` clients join one room; then, round after round, one of them sends
 * a chat message and the time until the last of the 100 has it is recorded
 * (the handler's write, its broadcast through offline's management API, and
 * offline's WebSocket push). At the end every client's room events are checked
 * by seq: none missing after its welcome, none twice.
 *
 *   npm run bench:load -- --clients 100 --rounds 60 --deadline 240
 *
 * Bounded: the clients, the rounds and a deadline, after which it stops the
 * stack and fails. Chat rather than moves: any member may chat, a Connect Four
 * game ends after at most 42 moves by two players.
 */
import './lib/quiet';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/local/ports';
import { startStack } from '../scripts/local/stack';
import type { RoomEvent, WelcomeReply } from '../src/protocol';
import { WsPlayer } from '../scripts/local/ws-player';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '60' },
    deadline: { type: 'string', default: '240' },
  },
});
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const deadlineMs = Number(values.deadline) * 1000;
const ROOM = 'load-room';

const log = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** Offline reports it is listening a moment before the first connection is accepted: retry briefly. */
const connect = async (url: string, name: string): Promise<WsPlayer> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await WsPlayer.connect(url, name);
    } catch (error) {
      if (attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
};

const deadline = setTimeout(() => {
  log(`load test: deadline of ${deadlineMs / 1000} s passed; stopping`);
  process.exit(2);
}, deadlineMs);

const loadBefore = loadavg();
log(`load test: ${clients} clients, ${rounds} rounds, load average ${loadBefore.map((v) => v.toFixed(2)).join(' / ')}`);
const stack = await startStack({
  stage: 'load',
  websocketPort: await freePort(),
  httpPort: await freePort(),
  lambdaPort: await freePort(),
  dynamoPort: await freePort(),
  // Every client sends a handful of messages; the per-connection limit is not what is measured. Every client
  // is 127.0.0.1 to serverless offline, so the per-address cap is raised to the clients asked for.
  env: {
    LOG_LEVEL: 'WARN',
    RATE_LIMIT_BURST: '1000',
    RATE_LIMIT_PER_SECOND: '1000',
    MAX_CONNECTIONS_PER_ADDRESS: String(Math.max(100, clients + 10)),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
});
// Deadline or not, the stack goes down with this process.
process.once('exit', () => clearTimeout(deadline));
const players: WsPlayer[] = [];
let failed: boolean;
try {
  log(`  stack up: ${stack.websocketUrl}; connecting`);
  for (let i = 0; i < clients; i++) players.push(await connect(stack.websocketUrl, `p${i}`));
  const welcomes = new Map<WsPlayer, WelcomeReply>();
  const joinStarted = performance.now();
  // One after another: each join is a conditional write on the room's seq, and broadcast to everyone already in.
  for (const [i, player] of players.entries()) {
    welcomes.set(player, await player.join(ROOM));
    if ((i + 1) % 25 === 0) log(`  joined ${i + 1}/${clients} (${((performance.now() - joinStarted) / 1000).toFixed(1)} s)`);
  }

  const lastReceiver: number[] = [];
  const firstReceiver: number[] = [];
  const roundsStarted = performance.now();
  for (let round = 0; round < rounds; round++) {
    const sender = players[round % players.length] as WsPlayer;
    const text = `round ${round}`;
    const isThis = (m: { type: string; text?: string }) => m.type === 'chat' && m.text === text;
    const started = performance.now();
    const arrivals = players.map(async (player) => {
      await player.waitFor(isThis, 20_000, `chat "${text}"`);
      return performance.now() - started;
    });
    sender.send({ action: 'chat', room: ROOM, text, id: `r${round}` });
    const times = (await Promise.all(arrivals)).sort((a, b) => a - b);
    firstReceiver.push(times[0] as number);
    lastReceiver.push(times[times.length - 1] as number);
    if ((round + 1) % 20 === 0) log(`  round ${round + 1}/${rounds}: last client after ${(times[times.length - 1] as number).toFixed(1)} ms`);
  }
  const roundsMs = performance.now() - roundsStarted;

  // Every event after a client's welcome, exactly once.
  const finalSeq = Math.max(...players.flatMap((player) => player.events(ROOM).map((e) => e.seq)));
  let missing = 0;
  let duplicated = 0;
  for (const player of players) {
    const seqs = player.inbox.filter((m): m is RoomEvent => 'seq' in m && 'room' in m && m.room === ROOM && m.type !== 'welcome' && m.type !== 'snapshot').map((e) => e.seq);
    duplicated += seqs.length - new Set(seqs).size;
    const from = (welcomes.get(player)?.seq ?? 0) + 1;
    for (let seq = from; seq <= finalSeq; seq++) if (!seqs.includes(seq)) missing++;
  }

  lastReceiver.sort((a, b) => a - b);
  firstReceiver.sort((a, b) => a - b);
  const figures = {
    clients,
    rounds,
    joinSeconds: (performance.now() - joinStarted - roundsMs) / 1000,
    lastClientMs: { p50: percentile(lastReceiver, 50), p90: percentile(lastReceiver, 90), p99: percentile(lastReceiver, 99), max: lastReceiver[lastReceiver.length - 1] },
    firstClientMs: { p50: percentile(firstReceiver, 50), p99: percentile(firstReceiver, 99) },
    messagesDelivered: rounds * clients,
    finalSeq,
    missing,
    duplicated,
  };
  log('');
  log(`from one chat to the last of ${clients} clients, over ${rounds} rounds:`);
  log(`  p50 ${figures.lastClientMs.p50.toFixed(1)} ms, p90 ${figures.lastClientMs.p90.toFixed(1)} ms, p99 ${figures.lastClientMs.p99.toFixed(1)} ms, max ${(figures.lastClientMs.max ?? 0).toFixed(1)} ms`);
  log(`  (first client: p50 ${figures.firstClientMs.p50.toFixed(1)} ms, p99 ${figures.firstClientMs.p99.toFixed(1)} ms)`);
  log(`events checked by seq up to ${finalSeq}: ${missing} missing, ${duplicated} duplicated`);
  failed = missing > 0 || duplicated > 0;
  const out = fileURLToPath(new URL('./results/load-latest.json', import.meta.url));
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(out, `${JSON.stringify({ generatedAt: new Date().toISOString(), loadBefore, loadAfter: loadavg(), ...figures }, null, 2)}\n`);
  log(`written to ${out}`);
} finally {
  await Promise.all(players.map(async (player) => await player.close()));
  await stack.stop();
  clearTimeout(deadline);
}
if (failed) process.exitCode = 1;
