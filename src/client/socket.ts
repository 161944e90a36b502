/**
 * The part of the WHATWG WebSocket the client uses. Browsers' `WebSocket`, the
 * `ws` package and test fakes all fit. Handlers take `never` so that each
 * implementation's own event types are accepted; the client reads events
 * defensively instead (see `textOf`).
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

export type SocketConstructor = new (url: string) => SocketLike;

/** `WebSocket.OPEN`, the same in every implementation. */
export const OPEN = 1;

/**
 * The WebSocket implementation to use: the one given, else the platform's
 * (browsers, Node 22+), else the `ws` package (Node 20 has no global one).
 */
export const resolveSocket = async (given: SocketConstructor | undefined): Promise<SocketConstructor> => {
  if (given !== undefined) return given;
  const native = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (native !== undefined) return native;
  try {
    return ((await import('ws')) as { default: SocketConstructor }).default;
  } catch (cause) {
    throw new Error('no WebSocket implementation found: pass one as options.WebSocket (for example the `ws` package)', { cause });
  }
};

const decoder = new TextDecoder();

/** A message event's text: a string in browsers; `ws` may hand over a Buffer. */
export const textOf = (event: unknown): string | undefined => {
  const data = (event as { data?: unknown } | null)?.data;
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return decoder.decode(data);
  return undefined;
};
