/**
 * Typed errors. Code deep inside throws these; only the entry point (src/cli.ts) turns them into
 * a message on stderr and an exit code. The documented exit codes are these (docs/reference/exit-codes.md).
 */
export const ExitCode = {
  ok: 0,
  /** Runtime failure: AWS error, unreadable input, broken playbook data. */
  runtime: 1,
  /** Usage error: bad flag, duration, ARN, name or policy; refused confirmation without a TTY. */
  usage: 2,
  /** detect, posture: findings (failed checks) at or above --fail-on severity. */
  findings: 3,
  /** The job completed only in part (a region, account or step failed); the output says which. */
  partial: 4,
  /** detect --logs: no CloudTrail record was read at all; "no findings" would be a false all-clear. */
  noInput: 5,
  /** Interrupted (Ctrl-C) between steps. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means to a script that runs sm-ir: docs/reference/exit-codes.md is generated from this. */
export const EXIT_CODE_MEANINGS: Record<ExitCodeValue, string> = {
  0: 'done (also: nothing to change, or nothing found)',
  1: 'runtime error (AWS error, unreadable input, broken playbook data) or a refusal that depends on the account\'s state; the message says what and a hint says what to do',
  2: 'usage error: invalid flag, duration, ARN, name or policy (found before any AWS call); a change refused for lack of confirmation',
  3: '`detect --fail-on`: a finding at or above the given severity; `posture --fail-on`: a failed check at or above it',
  4: 'partial result: a region, account or step failed, or (detect) an input file or object could not be read in full, while the others completed; the output says which',
  5: '`detect --logs`: no input: not one CloudTrail record was read (an empty directory or S3 prefix, or every input unreadable or not CloudTrail); stderr says which inputs gave nothing and why; `--fail-on` never passes on it',
  130: 'interrupted (Ctrl-C) between steps or at a prompt; the output says where it stopped',
};

export class SmIrError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Optional second line telling the user what to do about it. */
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode?: ExitCodeValue; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? ExitCode.runtime;
    this.hint = options.hint;
  }
}

/** Invalid flags, values or arguments, detected before any AWS call. Exit 2. */
export class UsageError extends SmIrError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, ...(hint === undefined ? {} : { hint }) });
  }
}

/** The playbook data in playbook/ failed validation: names the file and the field. */
export class PlaybookDataError extends SmIrError {
  constructor(file: string, detail: string) {
    super(`playbook data ${file}: ${detail}`);
  }
}

/** An AWS call failed in a way the user must act on (credentials, permissions, region). */
export class AwsCallError extends SmIrError {
  readonly service: string;
  readonly operation: string;
  readonly awsCode: string | undefined;
  readonly requestId: string | undefined;
  constructor(
    service: string,
    operation: string,
    message: string,
    options: { awsCode?: string; requestId?: string; hint?: string; cause?: unknown } = {},
  ) {
    super(`${service}:${operation} failed: ${message}`, options);
    this.service = service;
    this.operation = operation;
    this.awsCode = options.awsCode;
    this.requestId = options.requestId;
  }
}

/** A change was not confirmed (no --yes and no TTY, or the user answered no). */
export class NotConfirmedError extends SmIrError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.usage });
  }
}

/** Ctrl-C between steps of a change: says where it stopped. */
export class InterruptedError extends SmIrError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.interrupted });
  }
}
