import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import { CallFailure, type CallFailureKind } from '../../core/contain/caller.js';

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

/**
 * "This resource does not exist": SageMaker answers ResourceNotFound for some operations and
 * ValidationException "Could not find ..." for others (DescribeEndpoint, DeleteModel); IAM NoSuchEntity.
 */
function kindOf(err: unknown): CallFailureKind {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : '';
  if (code === 'ResourceNotFound' || code === 'NoSuchEntity' || code === 'NoSuchEntityException') return 'not-found';
  if (code === 'ValidationException' && /could not find|does not exist|not ?found/i.test(message)) return 'not-found';
  if (isAccessDenied(err)) return 'access-denied';
  if (code && THROTTLED.has(code)) return 'throttled';
  return 'other';
}

/** The adapter's half of contain's caller port: an SDK (or SDK-shaped) error as a CallFailure. */
export function toCallFailure(err: unknown, service: string, operation: string): CallFailure {
  if (err instanceof CallFailure) return err;
  const requestId = (err as { $metadata?: { requestId?: string } } | null)?.$metadata?.requestId ?? null;
  return new CallFailure(err instanceof Error ? err.message : String(err), kindOf(err), awsErrorCode(err) ?? null, requestId, (permission, region) => explainAwsError(err, service, operation, permission, region), { cause: err });
}
