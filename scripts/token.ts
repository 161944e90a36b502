/**
 * `AUTH_SECRET=... npm run token -- --sub alice [--ttl 3600]`: prints a player token for a deployment (or the
 * local stack) started with the same AUTH_SECRET. Connect with `ws://localhost:3001?token=<printed token>`.
 * In production your login service issues these; this is for trying it out.
 */
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const { values } = parseArgs({ options: { sub: { type: 'string' }, ttl: { type: 'string', default: '3600' } } });
const secret = process.env.AUTH_SECRET;
if (secret === undefined || secret.length < 32) {
  console.error('set AUTH_SECRET (32+ characters), the same value the server runs with');
  process.exit(1);
}
if (values.sub === undefined) {
  console.error('usage: npm run token -- --sub <player id> [--ttl seconds]');
  process.exit(1);
}
const token = await new SignJWT({})
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(`${Number(values.ttl)}s`)
  .sign(new TextEncoder().encode(secret));
console.log(token);
