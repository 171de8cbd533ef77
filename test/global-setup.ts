/**
 * Before any test file: the sample incident's report, run once through the built binary and shared by
 * file (test/e2e/incident-report.ts). Skipped when there is no build (a unit-only run): the files that
 * need it then run the binary themselves.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { CLI, INCIDENT_REPORT_ARGS, runCli } from './e2e/run-cli.js';

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'sm-ir-incident-report-'));
  if (existsSync(CLI)) {
    const file = join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(await runCli(INCIDENT_REPORT_ARGS)));
    project.provide('incidentReport', file);
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
