/**
 * Typed errors. Code deep inside throws these; only the entry point (src/cli.ts) turns them into
 * a message on stderr and an exit code. Documented exit codes live here and in the README.
 */
export const ExitCode = {
  ok: 0,
  /** Runtime failure: AWS error, unreadable input, broken playbook data. */
  runtime: 1,
  /** Usage error: bad flag, duration, ARN, name or policy; refused confirmation without a TTY. */
  usage: 2,
  /** detect: findings at or above --fail-on severity. */
  findings: 3,
  /** The job completed only in part (a region, account or step failed); the output says which. */
  partial: 4,
  /** Interrupted (Ctrl-C) between steps. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

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
