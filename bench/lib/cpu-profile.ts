import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's self time goes, by the file it runs in; first match wins. */
const CATEGORIES: [string, RegExp][] = [
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle (waiting on the network)', /^\(idle\)$/],
  ['SigV4 signing (signer + hashing)', /@smithy\/signature-v4|httpAuthSchemes|gateway\/sigv4\.ts|node:internal\/crypto|^node:crypto/],
  ['SDK endpoint resolution', /submodules\/endpoints|\/endpoint\/|util-endpoints/],
  ['SDK retry middleware', /submodules\/retry/],
  ['SDK serialisation / protocol', /submodules\/(protocols|schema|serde)/],
  ['SDK middleware stack, command, client', /@smithy\/core|@aws-sdk\/(core|client-apigatewaymanagementapi)|@smithy\/types/],
  ['SDK HTTP handler', /@smithy\/node-http-handler/],
  ['lean send path (project code)', /src\/adapters\/gateway\//],
  ['broadcast loop (project code)', /src\/broadcast\.ts|bench\/lib\/seed-broadcast/],
  ['Node HTTP client, sockets, streams', /^node:(_http|http|https|net|tls|stream|internal\/streams|internal\/stream_base|internal\/http|internal\/url|url|buffer|internal\/buffer)|^writev$|^writeBuffer|^writeUtf8String|^utf8Write/],
  ['promises, timers, events', /^node:(events|internal\/process\/task_queues|internal\/timers|timers|internal\/event_target|internal\/async_hooks)|^runMicrotasks$/],
];

export interface ProfileSummary {
  windowMs: number;
  sends: number;
  categories: { name: string; ms: number; usPerSend: number; share: number }[];
  topFunctions: { name: string; ms: number; usPerSend: number }[];
}

const categoryOf = (node: ProfileNode): string => {
  const { url, functionName } = node.callFrame;
  const key = url === '' ? functionName : url;
  for (const [name, pattern] of CATEGORIES) if (pattern.test(key)) return name;
  return 'other';
};

/**
 * Self time per category over one window of a .cpuprofile (V8 timestamps are
 * on the monotonic clock, in µs, like `process.hrtime`), so start-up and
 * warm-up stay out of the figures.
 */
export const summariseProfile = async (file: string, window: { startUs: number; endUs: number }, sends: number): Promise<ProfileSummary> => {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let time = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    if (time < window.startUs || time > window.endUs) return;
    const node = nodes.get(id);
    if (node === undefined) return;
    total += delta;
    const category = categoryOf(node);
    byCategory.set(category, (byCategory.get(category) ?? 0) + delta);
    const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where}${where === '' ? '' : `:${node.callFrame.lineNumber + 1}`}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const perSend = (us: number) => us / sends;
  return {
    windowMs: total / 1000,
    sends,
    categories: [...byCategory]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, usPerSend: perSend(us), share: total === 0 ? 0 : us / total })),
    topFunctions: [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, ms: us / 1000, usPerSend: perSend(us) })),
  };
};
