import { SmIrError } from '../../errors.js';

export type ContainService = 'sagemaker' | 'iam' | 'sts' | 's3';

/**
 * The one narrow door to AWS for contain: a call by service and operation name. The SDK adapter
 * (commands/contain/sdk-caller.ts) and the tests' fake both implement it; a failed call throws a
 * CallFailure, so the core never reads the SDK's error shapes.
 */
export interface AwsCaller {
  call(service: ContainService, operation: string, input: Record<string, unknown>): Promise<{ output: Record<string, unknown>; requestId: string | null }>;
}

/** What a failure means to contain: gone, denied, slowed down, or anything else. */
export type CallFailureKind = 'not-found' | 'access-denied' | 'throttled' | 'other';

/** A failed AWS call as a domain error, made by the adapter from what AWS answered. */
export class CallFailure extends Error {
  constructor(
    message: string,
    readonly kind: CallFailureKind,
    readonly code: string | null,
    readonly requestId: string | null,
    /** The error for people, naming the IAM permission the call needs (the adapter knows AWS's wording). */
    private readonly explainWith: (permission: string, region: string) => SmIrError,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CallFailure';
  }

  explain(permission: string, region: string): SmIrError {
    return this.explainWith(permission, region);
  }
}

export const isNotFound = (err: unknown): boolean => err instanceof CallFailure && err.kind === 'not-found';
export const isAccessDenied = (err: unknown): boolean => err instanceof CallFailure && err.kind === 'access-denied';
export const requestIdOf = (err: unknown): string | null => (err instanceof CallFailure ? err.requestId : null);
export const codeOf = (err: unknown): string | null => (err instanceof CallFailure ? err.code : null);

/** A failure as an error for people: a CallFailure explains itself; sm-ir's own errors pass as they are. */
export function explainFailure(err: unknown, permission: string, region: string): SmIrError {
  if (err instanceof CallFailure) return err.explain(permission, region);
  if (err instanceof SmIrError) return err;
  return new SmIrError(err instanceof Error ? err.message : String(err), { cause: err });
}
