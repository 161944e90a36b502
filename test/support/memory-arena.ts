import { actions } from '../../src/handlers/actions-table';
import { connectHandler, disconnectHandler } from '../../src/handlers/connection';
import { actionHandler, defaultHandler, type WebSocketHandler } from '../../src/handlers/route';
import type { Action, ServerMessage } from '../../src/protocol';
import type { Deps } from '../../src/actions/deps';
import { wsEvent } from './events';
import type { Provide } from '../../src/handlers/provide';
import { memoryWorld, type MemoryWorld } from './memory-deps';

/** A player as a test drives it: messages go through the same handlers API Gateway would pick. */
export interface TestPlayer {
  id: string;
  send(message: unknown): Promise<void>;
  inbox(): ServerMessage[];
  /** The last message received, or the last of a given type. */
  last<T extends ServerMessage['type']>(type?: T): Extract<ServerMessage, { type: T }>;
  /** The socket closes: API Gateway runs $disconnect. */
  close(): Promise<void>;
  /** The socket dies without $disconnect ever running (posts now answer 410). */
  vanish(): void;
}

export interface MemoryArena extends MemoryWorld {
  connect(id: string, query?: Record<string, string>): Promise<TestPlayer>;
  /** Runs `$connect` and returns its status code (for refusals). */
  handshake(id: string, query?: Record<string, string>): Promise<number>;
}

/** The route API Gateway selects with `$request.body.action`. */
const routeOf = (body: string, routes: ReadonlySet<string>): string => {
  try {
    const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    return typeof action === 'string' && routes.has(action) ? action : '$default';
  } catch {
    return '$default';
  }
};

/** `provide` replaces the world's own wiring (e.g. to run with the production logger). */
export const memoryArena = (settings: Partial<Deps['settings']> = {}, options: { provide?: (world: MemoryWorld) => Provide } = {}): MemoryArena => {
  const world = memoryWorld(settings);
  const provide = options.provide?.(world) ?? world.provide;
  const routes = new Map<string, WebSocketHandler>(
    (Object.keys(actions) as Action[]).map((action) => [action, actionHandler(action, actions[action] as never)(provide)]),
  );
  const fallback = defaultHandler(actions)(provide);
  const onConnect = connectHandler(provide);
  const onDisconnect = disconnectHandler(provide);
  const routeKeys = new Set(routes.keys());

  const player = (id: string): TestPlayer => ({
    id,
    send: async (message) => {
      const body = typeof message === 'string' ? message : JSON.stringify(message);
      const route = routeOf(body, routeKeys);
      await (routes.get(route) ?? fallback)(wsEvent(route, id, body));
    },
    inbox: () => world.gateway.received<ServerMessage>(id),
    last: <T extends ServerMessage['type']>(type?: T) => {
      const inbox = world.gateway.received<ServerMessage>(id).filter((m) => type === undefined || m.type === type);
      const message = inbox[inbox.length - 1];
      if (message === undefined) throw new Error(`${id} received no ${type ?? 'message'}`);
      return message as Extract<ServerMessage, { type: T }>;
    },
    close: async () => {
      world.gateway.disconnect(id);
      await onDisconnect(wsEvent('$disconnect', id));
    },
    vanish: () => world.gateway.disconnect(id),
  });

  const handshake = async (id: string, query?: Record<string, string>) => {
    const event = { ...wsEvent('$connect', id), ...(query === undefined ? {} : { queryStringParameters: query }) };
    return (await onConnect(event)).statusCode;
  };
  return {
    ...world,
    handshake,
    connect: async (id, query) => {
      world.gateway.connect(id);
      const status = await handshake(id, query);
      if (status !== 200) throw new Error(`$connect answered ${status}`);
      return player(id);
    },
  };
};
