/**
 * `npm run play -- --name Ada [--room lobby] [--url ws://localhost:3001]`: Connect Four in the terminal against
 * the local stack (or any deployment). Type a column (0-6) to move, `rematch`, `leave`, or anything else to chat.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { RoomState, ServerMessage } from '../src/protocol';

const { values } = parseArgs({
  options: { name: { type: 'string' }, room: { type: 'string', default: 'lobby' }, url: { type: 'string', default: 'ws://localhost:3001' } },
});
const name = values.name ?? `player-${Math.floor(Math.random() * 1000)}`;
const room = values.room;
let seat: number | null = null;

const drawBoard = (state: RoomState): string => {
  const board = state.board as (number | null)[][];
  const rows = board.map((row) => `  |${row.map((cell) => (cell === null ? ' .' : cell === 0 ? ' X' : ' O')).join('')} |`);
  const players = state.players.map((p) => `${p.seat === 0 ? 'X' : 'O'} ${p.name}${p.online ? '' : ' (offline)'}`).join('   ');
  const status =
    state.status === 'playing'
      ? state.turn === seat
        ? 'your turn: type a column 0-6'
        : `${state.players.find((p) => p.seat === state.turn)?.name ?? '?'} to move`
      : state.status === 'won'
        ? `${state.players.find((p) => p.seat === state.winner)?.name ?? 'seat ' + String(state.winner)} wins! type "rematch"`
        : state.status === 'draw'
          ? 'draw! type "rematch"'
          : 'waiting for an opponent';
  return ['', ...rows, '   ' + [0, 1, 2, 3, 4, 5, 6].map((c) => ` ${c}`).join(''), `  ${players}   spectators: ${state.spectators}`, `  ${status}`].join('\n');
};

const socket = new WebSocket(values.url);
const send = (message: Record<string, unknown>) => socket.send(JSON.stringify({ ...message, room }));

socket.on('open', () => {
  console.log(`connected to ${values.url} as ${name}, room ${room}`);
  send({ action: 'join', name });
});
socket.on('message', (data: Buffer) => {
  const message = JSON.parse(data.toString('utf8')) as ServerMessage;
  switch (message.type) {
    case 'welcome':
      seat = message.you.seat;
      console.log(seat === null ? 'you are watching' : `you play ${seat === 0 ? 'X' : 'O'} (seat ${seat})`);
      console.log(drawBoard(message.state));
      break;
    case 'chat':
      console.log(`  <${message.name}> ${message.text}`);
      break;
    case 'error':
      console.log(`  ! ${message.code}: ${message.message}`);
      break;
    case 'pong':
    case 'events':
      break;
    case 'snapshot':
      console.log(drawBoard(message.state));
      break;
    case 'evicted':
      console.log(`  ${message.reason}`);
      break;
    default:
      if (!('state' in message)) break;
      if (message.type === 'joined') console.log(`  ${message.name} sat down`);
      if (message.type === 'left') console.log(`  seat ${message.seat} was given up`);
      if (message.type === 'presence') console.log(`  seat ${message.seat} is ${message.online ? 'back online' : 'offline'}`);
      if (message.type === 'ended') console.log(`  the game ended: ${message.reason}`);
      console.log(drawBoard(message.state));
  }
});
socket.on('close', () => {
  console.log('disconnected');
  process.exit(0);
});
socket.on('error', (error) => {
  console.error(`cannot connect to ${values.url}: ${error.message} (is \`npm start\` running?)`);
  process.exit(1);
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const text = line.trim();
  if (text === '') return;
  if (/^[0-6]$/.test(text)) send({ action: 'move', column: Number(text) });
  else if (text === 'rematch' || text === 'leave') send({ action: text });
  else send({ action: 'chat', text });
});
