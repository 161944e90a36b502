import type { ResponseMetadata } from '../gateway/service-error';

/** SendMessage as this project uses it (the SDK's input and output shapes, narrowed to the fields it sends and reads). */
export interface SendMessageInput {
  QueueUrl: string;
  MessageBody: string;
  DelaySeconds?: number;
}

export interface SendMessageOutput {
  MessageId?: string;
  MD5OfMessageBody?: string;
  $metadata: ResponseMetadata;
}

export interface SendMessageBatchEntry {
  Id: string;
  MessageBody: string;
  DelaySeconds?: number;
}

export interface SendMessageBatchInput {
  QueueUrl: string;
  Entries: SendMessageBatchEntry[];
}

export interface BatchResultError {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message?: string;
}

export interface SendMessageBatchOutput {
  Successful?: { Id: string; MessageId: string; MD5OfMessageBody: string }[];
  Failed?: BatchResultError[];
  $metadata: ResponseMetadata;
}

/**
 * The two SQS calls the queues make. Production's is `LeanSqs` (no SDK client
 * in the bundle); its results and errors are the SDK's, as
 * `test/unit/adapters/lean-sqs.test.ts` and `test/integration/lean-sqs.test.ts` hold.
 */
export interface SqsSender {
  sendMessage(input: SendMessageInput): Promise<SendMessageOutput>;
  sendMessageBatch(input: SendMessageBatchInput): Promise<SendMessageBatchOutput>;
}
