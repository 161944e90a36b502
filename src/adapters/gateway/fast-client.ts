import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
  type ApiGatewayManagementApiClientConfig,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { LeanPoster, type LeanTransport } from './lean-post';

const posters = new WeakMap<object, LeanPoster>();

type AnySend = (this: unknown, ...args: unknown[]) => unknown;

// Looked up on every call: a stub installed after this module loaded must still be seen.
const sdkSend = (): AnySend => Reflect.get(ApiGatewayManagementApiClient.prototype, 'send') as AnySend;
// The SDK's own send, as inherited by ApiGatewayManagementApiClient before anyone stubs it.
const PRISTINE_SEND = (Object.getPrototypeOf(ApiGatewayManagementApiClient.prototype) as { send: AnySend }).send;

/**
 * An ApiGatewayManagementApiClient whose PostToConnection takes a lean path
 * (see `LeanPoster`): the SDK's middleware stack costs more CPU per send than
 * the network does, and a broadcast to thousands of connections is bound by it.
 * Every other command, and a PostToConnection with per-call options other
 * than `abortSignal` or with a callback, goes through the SDK as usual.
 *
 * Test doubles keep working: aws-sdk-client-mock replaces `send` on
 * ApiGatewayManagementApiClient's prototype (or on an instance); when it has,
 * this client defers to it, so the mock sees every call. Middleware added to
 * this client's stack does not see lean sends; use a plain client for that.
 */
export class FastGatewayClient extends ApiGatewayManagementApiClient {
  constructor(configuration: ApiGatewayManagementApiClientConfig, transport: LeanTransport) {
    super(configuration);
    // The lean path signs with SigV4 itself: a client given its own signer keeps the SDK path throughout.
    if (configuration.signer !== undefined || configuration.signerConstructor !== undefined) return;
    posters.set(this, new LeanPoster(this.config, transport, (command) => super.send(command)));
  }
}

/** The abort signal of `send(command, { abortSignal })`, the one per-call option the lean path honours; `false` for anything else. */
const leanOptions = (args: unknown[]): { signal?: AbortSignal } | false => {
  if (args.length === 1) return {};
  const options = args[1];
  if (args.length !== 2 || typeof options !== 'object' || options === null) return false;
  const keys = Object.keys(options);
  const signal = (options as { abortSignal?: unknown }).abortSignal;
  if (keys.some((key) => key !== 'abortSignal') || !(signal === undefined || signal instanceof AbortSignal)) return false;
  return signal === undefined ? {} : { signal };
};

function send(this: FastGatewayClient, ...args: unknown[]): unknown {
  const [command] = args;
  const poster = posters.get(this);
  const lean = leanOptions(args);
  if (lean !== false && command instanceof PostToConnectionCommand && poster !== undefined && sdkSend() === PRISTINE_SEND) {
    return poster.post(command, lean.signal);
  }
  return sdkSend().apply(this, args);
}

// Assigned rather than declared with `override`: the inherited `send` has three overloads whose types live in
// @smithy internals, and the public signature must stay exactly the SDK's.
Object.defineProperty(FastGatewayClient.prototype, 'send', { value: send, writable: true, configurable: true, enumerable: false });
