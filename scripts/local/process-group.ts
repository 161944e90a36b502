import type { ChildProcess } from 'node:child_process';

/**
 * Stops a child started with `detached: true` (so it leads its own process group): SIGTERM to the whole
 * group, then SIGKILL if it lingers. Signalling the group, not the pid, also stops what the child started
 * (offline's workers and esbuild; the JVM behind DynamoDB Local's watchdog shell).
 */
export const stopGroup = async (child: ChildProcess, graceMs = 5000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
};
