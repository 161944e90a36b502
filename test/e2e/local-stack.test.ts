import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assertPortFree, freePort } from '../../scripts/local/ports';

/** `npm start` as a user runs it: the real script, its output, its exit. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

const start = (env: Record<string, string>) => {
  const child = spawn(TSX, ['scripts/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ out, err }) };
};

const ports = async () => ({
  WEBSOCKET_PORT: String(await freePort()),
  HTTP_PORT: String(await freePort()),
  LAMBDA_PORT: String(await freePort()),
  DYNAMODB_PORT: String(await freePort()),
});

describe('npm start', () => {
  it('refuses a taken port with one line naming it', async () => {
    const env = await ports();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(Number(env.WEBSOCKET_PORT), resolve));
    try {
      const run = start(env);

      const code = await run.exited;

      expect(code).toBe(1);
      const errorLines = run.output().err.split('\n').filter((line) => line.includes('serverless-arena:'));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toContain(`port ${env.WEBSOCKET_PORT}`);
    } finally {
      holder.close();
    }
  });

  it('prints where to connect, serves the WebSocket API, and stops everything on Ctrl-C', async () => {
    const env = await ports();
    const run = start(env);
    await expect.poll(() => run.output().out, { timeout: 90_000, interval: 200 }).toContain('ready in');
    expect(run.output().out).toContain(`ws://localhost:${env.WEBSOCKET_PORT}`);

    const socket = new WebSocket(`ws://localhost:${env.WEBSOCKET_PORT}`);
    const pong = await new Promise<string>((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ action: 'ping', id: 'p' })));
      socket.once('message', (data: Buffer) => resolve(data.toString()));
      socket.once('error', reject);
    });
    expect(JSON.parse(pong)).toEqual({ type: 'pong', re: 'p' });
    socket.close();

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    // Every port is free again: offline, its handlers and the embedded DynamoDB are gone.
    for (const port of Object.values(env)) await expect(assertPortFree(Number(port), 'check')).resolves.toBeUndefined();
  });
});
