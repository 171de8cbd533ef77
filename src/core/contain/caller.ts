import { awsErrorCode } from '../../aws/errors.js';

export type ContainService = 'sagemaker' | 'iam' | 'sts';

/**
 * The one narrow door to AWS for contain: a call by service and operation name. The SDK adapter and
 * the tests' fake both implement it; errors are thrown as they come (SDK-shaped: name/Code, $metadata).
 */
export interface AwsCaller {
  call(service: ContainService, operation: string, input: Record<string, unknown>): Promise<{ output: Record<string, unknown>; requestId: string | null }>;
}

/**
 * "This resource does not exist": SageMaker answers ResourceNotFound for some operations and
 * ValidationException "Could not find ..." for others (DescribeEndpoint, DeleteModel); IAM NoSuchEntity.
 */
export function isNotFound(err: unknown): boolean {
  const code = awsErrorCode(err);
  if (code === 'ResourceNotFound' || code === 'NoSuchEntity' || code === 'NoSuchEntityException') return true;
  const message = err instanceof Error ? err.message : '';
  return code === 'ValidationException' && /could not find|does not exist|not ?found/i.test(message);
}

export function requestIdOf(err: unknown): string | null {
  return (err as { $metadata?: { requestId?: string } } | null)?.$metadata?.requestId ?? null;
}
