/**
 * The sample incident's JSON report, `detect --logs fixtures/incident --since all --output json`: run
 * once by the global setup and read by every test file that starts from it, instead of once per file
 * (each run of the binary over the incident costs about a second of CPU). Without the setup (no build
 * yet), the binary is run here.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { INCIDENT_REPORT_ARGS, runCli, type CliResult } from './run-cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding the CliResult of INCIDENT_REPORT_ARGS, written by test/global-setup.ts. */
    incidentReport?: string;
  }
}

export async function incidentReport(): Promise<CliResult> {
  const saved = inject('incidentReport');
  if (saved === undefined) return runCli(INCIDENT_REPORT_ARGS);
  return JSON.parse(readFileSync(saved, 'utf8')) as CliResult;
}
