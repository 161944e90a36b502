import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { createTable, localClient, startDynamo } from '../../../scripts/local/dynamodb';
import { JavaMissingError, startDynamoDbLocal } from '../../../scripts/local/dynamodb-local';
import { readTableDefinition } from '../../../scripts/local/table-definition';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitUntil = async (condition: () => boolean, maxMs: number) => {
  for (const deadline = performance.now() + maxMs; performance.now() < deadline && !condition(); ) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
};

/** The Java processes whose command line names `-port <port>` (DynamoDB Local's), found through /proc. */
const javaOnPort = async (port: number): Promise<number[]> => {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (args[0]?.endsWith('java') && args.join(' ').includes(`-port ${port}`)) pids.push(Number(entry));
  }
  return pids;
};

describe('DynamoDB Local as a process', () => {
  it('refuses to start with a one-line error when java is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startDynamoDbLocal()).rejects.toThrow(JavaMissingError);
      await expect(startDynamoDbLocal()).rejects.toThrow(/^DynamoDB Local needs Java 17 or later and `java` is not on PATH: install a JRE \(apt-get install openjdk-17-jre-headless\) or use the dynalite engine$/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('leaves no Java process behind after close()', async () => {
    const dynamo = await startDynamo({ engine: 'dynamodb-local' });
    const javas = await javaOnPort(dynamo.port);
    expect(javas).toHaveLength(1);

    await dynamo.close();

    expect(javas.filter(alive)).toEqual([]);
  });

  it('stops Java when the Node process that started it dies without closing it (SIGKILL)', async () => {
    const script = join(tmpdir(), `ddblocal-orphan-${process.pid}.mts`);
    const module = new URL('../../../scripts/local/dynamodb-local.ts', import.meta.url).pathname;
    await writeFile(script, `import { startDynamoDbLocal } from '${module}';\nconst d = await startDynamoDbLocal();\nconsole.log(d.port);\nsetInterval(() => {}, 1000);\n`);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        child.once('exit', (code) => reject(new Error(`the child exited (${code}) before DynamoDB Local started`)));
      });
      const javas = await javaOnPort(port);
      expect(javas).toHaveLength(1);

      child.kill('SIGKILL');

      expect(await waitUntil(() => javas.every((pid) => !alive(pid)), 15_000)).toBe(true);
    } finally {
      // Nothing of ours left in the temp directory after a test run.
      await rm(script, { force: true });
    }
  });

  it("creates serverless.yml's secondary indexes and TTL specification", async () => {
    // The project's shared server (test/support/dynamodb-local-global-setup.ts).
    const endpoint = inject('dynamoDbLocalEndpoint');
    const client = localClient(endpoint);
    try {
      const definition = {
        ...(await readTableDefinition()),
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' as const },
          { AttributeName: 'sk', AttributeType: 'S' as const },
          { AttributeName: 'gsi1pk', AttributeType: 'S' as const },
          { AttributeName: 'lsi1sk', AttributeType: 'S' as const },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        LocalSecondaryIndexes: [{ IndexName: 'lsi1', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'lsi1sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      };

      expect(await createTable(endpoint, 'with-indexes', definition)).toEqual({ ttl: 'applied' });

      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'with-indexes' }));
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1']);
      expect(Table?.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['lsi1']);
      const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: 'with-indexes' }));
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    } finally {
      client.destroy();
    }
  });
});
