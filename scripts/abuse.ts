/**
 * `npm run abuse [-- --url ws://localhost:3001 --flood 150]`: floods and feeds garbage to a running stack
 * (`npm start` in another terminal) while an honest game runs in another room, then prints what came back.
 */
import { parseArgs } from 'node:util';
import { abuse } from './local/abuse';

const { values } = parseArgs({ options: { url: { type: 'string', default: 'ws://localhost:3001' }, flood: { type: 'string', default: '150' } } });
console.log(`abusing ${values.url} ...`);
const report = await abuse(values.url, { flood: Number(values.flood) });
console.log(`sent ${report.sent} hostile frames in ${report.ms} ms`);
console.log('replies by type/code:', report.replies);
console.log(`malformed replies: ${report.malformedReplies}`);
console.log(`honest game in another room: ${report.game.moves}/7 moves applied, winner seat ${String(report.game.winner)}, errors ${report.game.errors.length}, stray events ${report.game.strayEvents}`);
console.log(`server still answering: ${report.aliveAfter ? 'yes' : 'NO'}`);
const healthy = report.aliveAfter && report.malformedReplies === 0 && report.game.moves === 7 && report.game.errors.length === 0 && report.game.strayEvents === 0;
process.exit(healthy ? 0 : 1);
