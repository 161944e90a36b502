import type { Context } from 'aws-lambda';
import type { Deps } from '../actions/deps';
import type { RequestContextLike } from '../adapters/gateway/client';

/** What one invocation gets: its dependencies, and what to flush before returning. */
export interface Invocation {
  deps: Deps;
  flush: () => void;
}

/** Builds an invocation's dependencies; production wiring is `container.ts`, tests pass their own. */
export type Provide = (requestContext: RequestContextLike, logFields: Record<string, unknown>, context?: Context) => Invocation;

/** Builds the dependencies of an invocation that posts to the management API at `endpoint` (queue consumers: the endpoint is in the message). */
export type ProvideForEndpoint = (endpoint: string, logFields: Record<string, unknown>, context?: Context) => Invocation;
