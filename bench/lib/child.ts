import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Quiet, local-only environment for every process the bench starts. */
export const CHILD_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

export const benchFile = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

export interface Child<Message> {
  process: ChildProcess;
  /** The next IPC message from the child (rejects if it exits first). */
  next(): Promise<Message>;
  /** Everything the child wrote to stderr, for error reports. */
  stderr(): string;
  /** Resolves when the child has exited by itself, or after `timeoutMs`. */
  exited(timeoutMs: number): Promise<void>;
  kill(): Promise<void>;
}

/**
 * Starts a TypeScript file of the bench in a fresh Node process (through tsx)
 * with an IPC channel; `input` reaches it as JSON in BENCH_INPUT.
 */
export const startChild = <Message>(file: string, input: unknown, nodeArgs: string[] = []): Child<Message> => {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], {
    env: { ...CHILD_ENV, BENCH_INPUT: JSON.stringify(input) },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let errors = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-20_000);
  });
  const queue: Message[] = [];
  const waiting: { resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | undefined;
  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter === undefined) queue.push(message as Message);
    else waiter.resolve(message as Message);
  });
  child.once('exit', (code, signal) => {
    exited = new Error(`${file} exited (${signal ?? code}) before answering:\n${errors}`);
    for (const waiter of waiting.splice(0)) waiter.reject(exited);
  });
  return {
    process: child,
    next: async () =>
      await new Promise<Message>((resolve, reject) => {
        const queued = queue.shift();
        if (queued !== undefined) resolve(queued);
        else if (exited !== undefined) reject(exited);
        else waiting.push({ resolve, reject });
      }),
    stderr: () => errors,
    exited: async (timeoutMs) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
};

/** In a child: the input its parent passed. */
export const childInput = <T>(): T => {
  const raw = process.env.BENCH_INPUT;
  if (raw === undefined) throw new Error('BENCH_INPUT is not set: this file is started by the bench');
  return JSON.parse(raw) as T;
};

/** In a child: sends one message to the parent and waits until it is handed over. */
export const tellParent = async (message: unknown): Promise<void> => {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('no IPC channel: this file is started by the bench');
  await new Promise<void>((resolve, reject) => {
    send(message, undefined, {}, (error) => (error === null ? resolve() : reject(error)));
  });
};
