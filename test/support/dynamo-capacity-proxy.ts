import { Agent, createServer, request as forward, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { itemSize, writeUnits, type AttributeValue } from './dynamo-item-size';

/**
 * An HTTP proxy in front of DynamoDB Local that measures what each call would be billed, without changing
 * the code under test (the proxy is simply the endpoint it talks to) or what that code receives:
 * - it adds `ReturnConsumedCapacity: TOTAL` to every request that takes it, and removes the
 *   `ConsumedCapacity` it asked for from the answer;
 * - a failed conditional write answers with no capacity, although DynamoDB bills it (1 WCU per started KB
 *   of the larger of the existing item and the item sent, at least 1). The proxy asks for the existing
 *   item with `ReturnValuesOnConditionCheckFailure: ALL_OLD`, computes the units from its size, and removes
 *   that item from the error again.
 * With `measure: false` it only relays, which gives tests a server whose requests they can watch.
 */
export type CallKind = 'read' | 'write' | 'other';

export interface CapacityCall {
  operation: string;
  tables: string[];
  kind: CallKind;
  readUnits: number;
  writeUnits: number;
  status: number;
  /** The error's short type (`ConditionalCheckFailedException`, ...), when it failed. */
  error?: string;
  conditionalCheckFailed: boolean;
  /** `reported` by the engine, `computed` here from item sizes (failed conditional writes), `none`. */
  capacity: 'reported' | 'computed' | 'none';
  /** Partition key values of the items the request names (Key or Item, batches and transactions included). */
  partitionKeys: string[];
  /** `pk|sk` of the one item a single-item request (Get/Put/Update/Delete) names; empty otherwise. */
  itemKey: string;
  arrivedAt: number;
  finishedAt?: number;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const CONDITIONAL_SINGLE = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
// A transaction's writes cost twice a plain write (prepare and commit).
const TRANSACTION_FACTOR = 2;

type Json = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

const wantsNoValue = (value: unknown) => value === undefined || value === 'NONE';
const isConditional = (action: Json) => action.ConditionExpression !== undefined || action.Expected !== undefined;

export interface DynamoCapacityProxyOptions {
  /** false: relay only. */
  measure?: boolean;
  /** The table's partition key attribute (serverless.yml: `pk`). */
  partitionKey?: string;
}

export class DynamoCapacityProxy {
  readonly calls: CapacityCall[] = [];
  endpoint = '';
  private httpServer: Server | undefined;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly measure: boolean;
  private readonly partitionKey: string;

  constructor(
    private readonly target: string,
    options: DynamoCapacityProxyOptions = {},
  ) {
    this.measure = options.measure ?? true;
    this.partitionKey = options.partitionKey ?? 'pk';
  }

  /** The proxy's HTTP server (a test can watch its `request` events). */
  get server(): Server {
    if (this.httpServer === undefined) throw new Error('the proxy is not started');
    return this.httpServer;
  }

  async start(host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.relay(req.headers, req.method ?? 'POST', req.url ?? '/', Buffer.concat(chunks), res));
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    this.httpServer = server;
    this.endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    const server = this.httpServer;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The calls recorded since the last take (and forgets them). */
  take(): CapacityCall[] {
    return this.calls.splice(0);
  }

  private relay(headers: IncomingHttpHeaders, method: string, path: string, body: Buffer, res: ServerResponse): void {
    const operation = String(headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    let request: Json | undefined;
    let sent = body;
    const added = { capacity: false, oldItems: false };
    if (this.measure && (READS.has(operation) || WRITES.has(operation))) {
      try {
        request = JSON.parse(body.toString('utf8')) as Json;
        if (wantsNoValue(request.ReturnConsumedCapacity)) {
          request.ReturnConsumedCapacity = 'TOTAL';
          added.capacity = true;
        }
        added.oldItems = this.askForOldItems(operation, request);
        sent = Buffer.from(JSON.stringify(request));
      } catch {
        request = undefined;
      }
    }
    const call: CapacityCall | undefined =
      this.measure && operation !== ''
        ? {
            operation,
            tables: request === undefined ? [] : tablesOf(operation, request),
            kind: READS.has(operation) ? 'read' : WRITES.has(operation) ? 'write' : 'other',
            readUnits: 0,
            writeUnits: 0,
            status: 0,
            conditionalCheckFailed: false,
            capacity: 'none',
            partitionKeys: request === undefined ? [] : this.partitionKeysOf(operation, request),
            itemKey: request === undefined ? '' : itemKeyOf(operation, request),
            arrivedAt: performance.now(),
          }
        : undefined;
    if (call !== undefined) this.calls.push(call);
    const target = new URL(this.target);
    // The signature no longer matches a rewritten body; DynamoDB Local does not check signatures.
    const upstream = forward(
      { host: target.hostname, port: target.port, method, path, agent: this.agent, headers: { ...headers, host: target.host, 'content-length': String(sent.length) } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let payload: Buffer = Buffer.concat(chunks);
          const outHeaders = { ...answer.headers };
          if (call !== undefined && request !== undefined && answer.headers['content-encoding'] === undefined) {
            const rewritten = this.account(call, operation, request, answer.statusCode ?? 0, payload, added);
            if (rewritten !== undefined) {
              payload = rewritten;
              // The CRC of the original body would no longer match (DynamoDB Local sends none; AWS does).
              delete outHeaders['x-amz-crc32'];
            }
          } else if (call !== undefined) call.status = answer.statusCode ?? 0;
          outHeaders['content-length'] = String(payload.length);
          res.on('finish', () => {
            if (call !== undefined) call.finishedAt = performance.now();
          });
          res.writeHead(answer.statusCode ?? 502, outHeaders).end(payload);
        });
      },
    );
    upstream.on('error', () => {
      if (call !== undefined) call.status = 502;
      res.writeHead(502).end();
    });
    upstream.end(sent);
  }

  /** Adds ALL_OLD to conditional writes that did not ask for it; true if it did. */
  private askForOldItems(operation: string, request: Json): boolean {
    let added = false;
    const ask = (action: Json) => {
      if (isConditional(action) && wantsNoValue(action.ReturnValuesOnConditionCheckFailure)) {
        action.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
        added = true;
      }
    };
    if (CONDITIONAL_SINGLE.has(operation)) ask(request);
    if (operation === 'TransactWriteItems') {
      for (const entry of (request.TransactItems as Json[] | undefined) ?? []) {
        for (const action of Object.values(entry)) ask(action as Json);
      }
    }
    return added;
  }

  /** Fills `call` from the answer; returns the body the client should see if it differs from the engine's. */
  private account(call: CapacityCall, operation: string, request: Json, status: number, payload: Buffer, added: { capacity: boolean; oldItems: boolean }): Buffer | undefined {
    call.status = status;
    let answer: Json;
    try {
      answer = JSON.parse(payload.toString('utf8')) as Json;
    } catch {
      return undefined;
    }
    if (status === 200) {
      const units = sumCapacity(answer.ConsumedCapacity);
      if (units !== undefined) {
        call.capacity = 'reported';
        if (call.kind === 'read') call.readUnits = units;
        else call.writeUnits = units;
      }
      if (!added.capacity) return undefined;
      delete answer.ConsumedCapacity;
      return Buffer.from(JSON.stringify(answer));
    }
    call.error = (typeof answer.__type === 'string' ? answer.__type : '').split('#').pop();
    if (call.error === 'ConditionalCheckFailedException') {
      call.conditionalCheckFailed = true;
      call.capacity = 'computed';
      call.writeUnits = failedWriteUnits(operation, request, answer.Item as Item | undefined);
      if (added.oldItems) delete answer.Item;
    } else if (call.error === 'TransactionCanceledException') {
      const reasons = (answer.CancellationReasons as Json[] | undefined) ?? [];
      call.conditionalCheckFailed = reasons.some((reason) => reason.Code === 'ConditionalCheckFailed');
      call.capacity = 'computed';
      const actions = ((request.TransactItems as Json[] | undefined) ?? []).map((entry) => Object.entries(entry)[0] ?? ['', {}]);
      call.writeUnits = actions.reduce((sum, [kind, action], index) => sum + TRANSACTION_FACTOR * failedWriteUnits(kind === 'Put' ? 'PutItem' : 'UpdateItem', action as Json, reasons[index]?.Item as Item | undefined), 0);
      if (added.oldItems) for (const reason of reasons) delete reason.Item;
    } else return undefined;
    return added.oldItems ? Buffer.from(JSON.stringify(answer)) : undefined;
  }

  private partitionKeysOf(operation: string, request: Json): string[] {
    const keyOf = (item: unknown) => ((item as Item | undefined)?.[this.partitionKey] as { S?: string } | undefined)?.S;
    const found: (string | undefined)[] = [];
    if (operation === 'PutItem') found.push(keyOf(request.Item));
    else if (operation === 'UpdateItem' || operation === 'DeleteItem' || operation === 'GetItem') found.push(keyOf(request.Key));
    else if (operation === 'BatchWriteItem') {
      for (const writes of Object.values((request.RequestItems as Record<string, Json[]> | undefined) ?? {})) {
        for (const write of writes) found.push(keyOf((write.PutRequest as Json | undefined)?.Item ?? (write.DeleteRequest as Json | undefined)?.Key));
      }
    } else if (operation === 'BatchGetItem') {
      for (const read of Object.values((request.RequestItems as Record<string, Json> | undefined) ?? {})) found.push(...((read.Keys as unknown[] | undefined) ?? []).map(keyOf));
    } else if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
      for (const entry of (request.TransactItems as Json[] | undefined) ?? []) {
        for (const action of Object.values(entry)) found.push(keyOf((action as Json).Item ?? (action as Json).Key));
      }
    } else if (operation === 'Query') {
      // The partition key's value is the one expression value compared with `=` on it; take every string value.
      for (const value of Object.values((request.ExpressionAttributeValues as Item | undefined) ?? {})) found.push((value as { S?: string }).S);
    }
    return [...new Set(found.filter((key): key is string => key !== undefined))];
  }
}

const itemKeyOf = (operation: string, request: Json): string => {
  const item = (operation === 'PutItem' ? request.Item : ['UpdateItem', 'DeleteItem', 'GetItem'].includes(operation) ? request.Key : undefined) as Record<string, { S?: string }> | undefined;
  return item === undefined ? '' : `${item.pk?.S ?? ''}|${item.sk?.S ?? ''}`;
};

const sumCapacity = (consumed: unknown): number | undefined => {
  if (consumed === undefined) return undefined;
  const list = Array.isArray(consumed) ? (consumed as Json[]) : [consumed as Json];
  return list.reduce((sum, entry) => sum + Number(entry.CapacityUnits ?? 0), 0);
};

/** What DynamoDB bills for a conditional write whose condition failed: the larger of the existing item and the item sent. */
const failedWriteUnits = (operation: string, request: Json, existing: Item | undefined): number => {
  const sent = operation === 'PutItem' && request.Item !== undefined ? itemSize(request.Item as Item) : 0;
  const old = existing === undefined ? 0 : itemSize(existing);
  return writeUnits(Math.max(sent, old));
};

const tablesOf = (operation: string, request: Json): string[] => {
  if (typeof request.TableName === 'string') return [request.TableName];
  if (operation.startsWith('Batch')) return Object.keys((request.RequestItems as Json | undefined) ?? {});
  if (operation.startsWith('Transact')) {
    const names = ((request.TransactItems as Json[] | undefined) ?? []).flatMap((entry) => Object.values(entry).map((action) => (action as Json).TableName as string));
    return [...new Set(names)];
  }
  return [];
};
