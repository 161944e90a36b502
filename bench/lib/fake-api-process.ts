/**
 * The loopback management API of the bench, in its own process: a broadcast
 * measured in another process then pays for its own CPU only, as a Lambda
 * does (API Gateway's work is not on its bill), and the two share the
 * machine's two cores instead of one event loop.
 *
 * Connection ids starting with `gone-` answer 410 (GoneException), the rest 200.
 * Warm-up sends (`warm-`, `warm-gone-`) are answered alike but left out of the counts.
 */
import { FakeManagementApi } from '../../test/support/fake-management-api';
import { childInput, tellParent } from './child';
import { GONE_PREFIX, WARMUP_PREFIX, type FakeApiCommand, type FakeApiInput, type FakeApiMessage } from './shared';

const { latencyMs } = childInput<FakeApiInput>();
const isGone = (id: string) => id.startsWith(GONE_PREFIX) || id.startsWith(`${WARMUP_PREFIX}${GONE_PREFIX}`);
const api = new FakeManagementApi({ latencyMs, answer: (id) => (isGone(id) ? { status: 410 } : { status: 200 }) });

// `take` hands back what was answered since the last one and forgets it, which keeps this process's memory flat.
process.on('message', (command: FakeApiCommand) => {
  if (command.type !== 'take') return;
  const counts = { requests: 0, delivered: 0, gone: 0, other: 0 };
  for (const request of api.requests) {
    if (request.connectionId.startsWith(WARMUP_PREFIX)) continue;
    counts.requests++;
    if (request.status === 200) counts.delivered++;
    else if (request.status === 410) counts.gone++;
    else counts.other++;
  }
  api.reset();
  process.send?.({ type: 'counts', ...counts } satisfies FakeApiMessage);
});

await tellParent({ type: 'ready', endpoint: await api.start() } satisfies FakeApiMessage);
