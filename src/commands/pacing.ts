// How fast sm-ir paces and polls AWS, from the environment: AWS's limits by default; the end-to-end tests,
// whose fake endpoint answers at once and need not be spared, raise them so that no test waits on a
// real-time pace (docs/development.md). Read at a command's edge; a bad value is a usage error.
import { UsageError } from '../errors.js';

function positiveNumber(env: NodeJS.ProcessEnv, name: string, unit: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name}: expected a positive number of ${unit}, got '${raw}'`);
  return n;
}

/** LookupEvents calls per second in each region (SM_IR_LOOKUP_EVENTS_RATE); undefined: the source's default, under AWS's 2/s. */
export function lookupEventsRate(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveNumber(env, 'SM_IR_LOOKUP_EVENTS_RATE', 'calls per second');
}

/** posture's calls per second per region for each service it paces (SM_IR_POSTURE_RATE); undefined: playbook/posture.json's pacing. */
export function postureRate(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveNumber(env, 'SM_IR_POSTURE_RATE', 'calls per second');
}

/** Milliseconds between polls while the SCP policy type is PENDING_ENABLE (SM_IR_SCP_ENABLE_POLL_MS; default 1 s). */
export function scpEnablePollMs(env: NodeJS.ProcessEnv = process.env): number {
  return positiveNumber(env, 'SM_IR_SCP_ENABLE_POLL_MS', 'milliseconds') ?? 1000;
}
