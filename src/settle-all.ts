/**
 * Like `Promise.all`, but waits for every promise to settle before rejecting
 * with the first failure. `Promise.all` rejects at the first failure and leaves
 * the others running: on Lambda, work still running when the handler returns
 * is frozen and lost, so no fan-out of I/O in this project may use it.
 */
export const settleAll = async <T>(promises: readonly Promise<T>[]): Promise<T[]> => {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
};
