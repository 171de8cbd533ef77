/**
 * --output ocsf and --output asff through the binary on the fixture incident: every finding, as another tool
 * ingests it, fits the vendored schema of its format (test/schemas/: OCSF 1.3.0 Detection Finding; a Security
 * Hub BatchImportFindings request body), checked with ajv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from './json-schema.js';
import { ROOT, runCli } from './run-cli.js';

const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, 'test/schemas', name), 'utf8')) as Record<string, unknown>;
const INCIDENT = ['detect', '--logs', 'fixtures/incident', '--since', 'all'];
/** The sample incident's findings (as fixtures/incident.analysis.md's summary says; test/unit/analyze/fixture-incident.test.ts checks it). */
const findings = 123;

describe('findings other tools ingest', () => {
  it('--output ocsf: one OCSF 1.3.0 Detection Finding per line, each valid, with ATT&CK and the CloudTrail call as evidence', async () => {
    const r = await runCli([...INCIDENT, '--output', 'ocsf']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines).toHaveLength(findings);
    // One compile of the schema for every line: each line is an item of an array of Detection Findings.
    const { $defs, $schema, $id: _id, ...finding } = schema('ocsf-1.3.0-detection-finding.schema.json');
    expect(validate({ $schema, type: 'array', items: { $ref: '#/$defs/finding' }, $defs: { ...($defs as object), finding } }, lines)).toEqual([]);
    const lifecycle = lines.find((l) => l.finding_info.analytic.uid === 'lifecycle-script-suspicious' && l.severity_id === 5);
    expect(lifecycle?.finding_info.attacks).toContainEqual({ tactic: { uid: 'TA0002', name: 'Execution' }, technique: { uid: 'T1059', name: expect.any(String) }, sub_technique: { uid: 'T1059.004', name: expect.any(String) } });
    expect(lifecycle?.evidences[0].api).toMatchObject({ operation: 'CreateNotebookInstanceLifecycleConfig', service: { name: 'sagemaker.amazonaws.com' } });
    expect(lifecycle?.actor.user).toMatchObject({ uid: 'arn:aws:iam::111122223333:user/ml-ci-deployer', credential_uid: 'AKIAIOSFODNN7EXAMPLE', type_id: 1 });
    // Coverage of what was read goes to stderr, where a person sees it: the rows are the findings alone.
    expect(r.stderr).toMatch(/sm-ir: inputs: fixtures\/incident/);
  }, 60_000);

  it('--output asff: BatchImportFindings bodies of at most 100 findings, each valid', async () => {
    const r = await runCli([...INCIDENT, '--output', 'asff']);
    expect(r.code, r.stderr).toBe(0);
    const batches = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { Findings: Record<string, any>[] });
    expect(batches.map((b) => b.Findings.length)).toEqual([100, findings - 100]);
    const asff = schema('asff-batch-import-findings.schema.json');
    for (const [i, batch] of batches.entries()) expect(validate(asff, batch), `batch ${i + 1}`).toEqual([]);
    const all = batches.flatMap((b) => b.Findings);
    expect(new Set(all.map((f) => f.Id)).size).toBe(findings);
    const stop = all.find((f) => f.GeneratorId === 'sm-ir/log-tampering' && f.Action.AwsApiCallAction.Api === 'StopLogging');
    expect(stop).toMatchObject({ ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default', Severity: { Label: 'HIGH' }, Workflow: { Status: 'NEW' } });
    expect(stop?.Types).toContain('TTPs/Defense Evasion');
  }, 60_000);
});
