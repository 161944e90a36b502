import { createServer } from 'node:net';

export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
  constructor(readonly port: number, readonly purpose: string) {
    super(`port ${port} (${purpose}) is already in use: stop whatever holds it, or set ${purpose.toUpperCase().replaceAll(' ', '_')}_PORT`);
  }
}

/** Resolves when `port` can be bound on every interface localhost may mean; rejects with a one-line error naming it otherwise. */
export const assertPortFree = async (port: number, purpose: string): Promise<void> => {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortTakenError(port, purpose) : error));
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve()));
  });
};

/** A port that was free a moment ago (for tests, which start their own stack beside any `npm start`). */
export const freePort = async (): Promise<number> =>
  await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
