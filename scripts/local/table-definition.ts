import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * Reads the table's schema from serverless.yml's CloudFormation resource, the
 * one place it is defined, so the local table can never drift from AWS's.
 */
export interface TableDefinition {
  resourceName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  GlobalSecondaryIndexes?: unknown[];
  LocalSecondaryIndexes?: unknown[];
  BillingMode?: string;
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  /** `custom.tableName` with `${self:service}` and `${sls:stage}` resolved. */
  tableNameFor(stage: string): string;
}

export const SERVERLESS_YML = fileURLToPath(new URL('../../serverless.yml', import.meta.url));

interface ServerlessYml {
  service: string;
  custom?: { tableName?: string };
  resources?: { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> };
}

export const readTableDefinition = async (path = SERVERLESS_YML): Promise<TableDefinition> => {
  // CloudFormation short-form tags (!Ref, !Join) need not be evaluated here: the table's schema uses none.
  const doc = parse(await readFile(path, 'utf8'), { logLevel: 'error' }) as ServerlessYml;
  const tables = Object.entries(doc.resources?.Resources ?? {}).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`${path}: expected exactly one AWS::DynamoDB::Table resource, found ${tables.length}`);
  const [resourceName, resource] = tables[0] as [string, { Properties: Record<string, unknown> }];
  const pattern = doc.custom?.tableName ?? `\${self:service}-\${sls:stage}`;
  return {
    resourceName,
    ...(resource.Properties as Omit<TableDefinition, 'resourceName' | 'tableNameFor'>),
    tableNameFor: (stage) => {
      const name = pattern.replaceAll('${self:service}', doc.service).replaceAll('${sls:stage}', stage);
      if (name.includes('${')) throw new Error(`cannot resolve custom.tableName "${pattern}" outside the framework`);
      return name;
    },
  };
};
