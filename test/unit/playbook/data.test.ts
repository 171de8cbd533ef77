import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as iam from '@aws-sdk/client-iam';
import * as sagemaker from '@aws-sdk/client-sagemaker';
import * as sts from '@aws-sdk/client-sts';
import { PlaybookDataError } from '../../../src/errors.js';
import { loadPlaybook, loadPlaybookFile, PLAYBOOK_DIR } from '../../../src/playbook/load.js';

/** The installed SDK client of each watched source: an operation is real when the client exports `<Op>Command`. */
const SDK: Record<string, Record<string, unknown>> = {
  'sagemaker.amazonaws.com': sagemaker,
  'iam.amazonaws.com': iam,
  'cloudtrail.amazonaws.com': cloudtrail,
  'sts.amazonaws.com': sts,
};
/**
 * @aws-sdk/client-cloudwatch-logs is not a dependency: these names are checked against this list,
 * copied from the "Actions" page of the Amazon CloudWatch Logs API Reference.
 */
const LOGS_OPERATIONS = new Set([
  'AssociateKmsKey',
  'CreateLogGroup',
  'CreateLogStream',
  'DeleteLogGroup',
  'DeleteLogStream',
  'DeleteRetentionPolicy',
  'DeleteSubscriptionFilter',
  'DisassociateKmsKey',
  'PutRetentionPolicy',
  'PutSubscriptionFilter',
]);

function isRealOperation(source: string, op: string): boolean {
  if (source === 'logs.amazonaws.com') return LOGS_OPERATIONS.has(op);
  const client = SDK[source];
  if (!client) throw new Error(`no way to check operations of ${source}: add its SDK client or a list to this test`);
  return typeof client[`${op}Command`] === 'function';
}

const SCENARIO_IDS = [
  'data-model-exfiltration',
  'data-poisoning',
  'resource-misuse',
  'denial-of-service',
  'configuration-changes',
  'log-tampering',
  'malware-deployment',
  'credential-theft',
  'cryptojacking',
];

describe('the playbook data in playbook/', () => {
  const pb = loadPlaybook();

  it('loads and cross-checks the real folder, with the nine scenarios of the shared vocabulary in the playbook order', () => {
    expect(pb.scenarios.scenarios.map((s) => s.id)).toEqual(SCENARIO_IDS);
    for (const s of pb.scenarios.scenarios) expect(s.description).toHaveLength(2);
  });

  it('names only real operations in sources.json, each checked against the installed AWS SDK client', () => {
    const unreal = pb.sources.sources.flatMap((s) => s.operations.filter((op) => !isRealOperation(s.source, op)).map((op) => `${s.source} ${op}`));
    expect(unreal).toEqual([]);
  });

  it('keeps the three names the playbook invented, marked non-existent, absent from the SDK, and mapped to real operations', () => {
    const marked = pb.scenarios.scenarios.flatMap((s) => s.events.filter((e) => !e.exists).map((e) => e.name));
    expect(new Set(marked)).toEqual(new Set(['GetModelPackageModelMetrics', 'PutModelPackageModelMetrics', 'UpdateEndpointConfig']));
    for (const s of pb.scenarios.scenarios) {
      for (const e of s.events.filter((ev) => !ev.exists)) {
        expect(isRealOperation(e.source, e.name), `${e.name} must not be a real operation`).toBe(false);
        expect(e.note, `${s.id} ${e.name} explains itself`).toBeTruthy();
        for (const real of e.realOperations ?? []) expect(isRealOperation(e.source, real), real).toBe(true);
      }
    }
  });

  it('records CreateRole and UpdateRole under IAM, recorded in us-east-1', () => {
    const config = pb.scenarios.scenarios.find((s) => s.id === 'configuration-changes');
    const roleEvents = config?.events.filter((e) => e.name === 'CreateRole' || e.name === 'UpdateRole') ?? [];
    expect(roleEvents.map((e) => e.source)).toEqual(['iam.amazonaws.com', 'iam.amazonaws.com']);
    expect(pb.sources.sources.find((s) => s.source === 'iam.amazonaws.com')?.recordedIn).toBe('us-east-1');
  });

  it('has unique ids and operations, and every scenario can be triggered by at least one real event', () => {
    const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    expect(dupes(pb.scenarios.scenarios.map((s) => s.id))).toEqual([]);
    expect(dupes(pb.sources.sources.map((s) => s.source))).toEqual([]);
    expect(dupes(pb.bestPractices.groups.flatMap((g) => g.practices.map((p) => p.id)))).toEqual([]);
    for (const s of pb.sources.sources) expect(dupes(s.operations), s.source).toEqual([]);
    for (const s of pb.scenarios.scenarios) {
      expect(dupes(s.events.map((e) => `${e.source} ${e.name}`)), s.id).toEqual([]);
      expect(s.events.some((e) => e.exists), s.id).toBe(true);
    }
  });

  it('never lists a look-alike source as a watched one', () => {
    const watched = new Set(pb.sources.sources.map((s) => s.source));
    expect(pb.sources.lookAlikes.filter((l) => watched.has(l))).toEqual([]);
  });
});

describe('a broken copy of the playbook', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A temp copy of the real folder with one file changed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape: the point is to break it
  function brokenCopy(file: string, edit: (data: any) => void): string {
    dir = mkdtempSync(join(tmpdir(), 'sm-ir-playbook-'));
    cpSync(PLAYBOOK_DIR, dir, { recursive: true });
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    edit(data);
    writeFileSync(join(dir, file), JSON.stringify(data));
    return dir;
  }

  function errorOf(fn: () => unknown): PlaybookDataError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(PlaybookDataError);
      return e as PlaybookDataError;
    }
    throw new Error('expected a PlaybookDataError');
  }

  it('names the file and the field of a bad severity', () => {
    const d = brokenCopy('scenarios.json', (x) => (x.scenarios[2].severity = 'urgent'));
    const err = errorOf(() => loadPlaybookFile('scenarios', d));
    expect(err.message).toContain('scenarios.json');
    expect(err.message).toContain('scenarios.2.severity');
  });

  it('names the file and the field of an operation that is not PascalCase', () => {
    const d = brokenCopy('sources.json', (x) => (x.sources[0].operations[3] = 'stopNotebookInstance'));
    const err = errorOf(() => loadPlaybook(d));
    expect(err.message).toContain('sources.json');
    expect(err.message).toContain('sources.0.operations.3');
  });

  it('names the file and the field of a best practice link that is not a URL', () => {
    const d = brokenCopy('best-practices.json', (x) => (x.groups[0].practices[0].url = 'see the docs'));
    const err = errorOf(() => loadPlaybook(d));
    expect(err.message).toContain('best-practices.json');
    expect(err.message).toContain('groups.0.practices.0.url');
  });

  it('rejects a MITRE technique id that is not one', () => {
    const d = brokenCopy('scenarios.json', (x) => (x.scenarios[0].mitre = ['TA0010']));
    expect(errorOf(() => loadPlaybook(d)).message).toMatch(/scenarios\.json.*scenarios\.0\.mitre\.0/);
  });

  it('rejects a scenario event that sources.json does not list', () => {
    const d = brokenCopy('scenarios.json', (x) => x.scenarios[0].events.push({ source: 'sagemaker.amazonaws.com', name: 'ListModels' }));
    expect(errorOf(() => loadPlaybook(d)).message).toMatch(/scenarios\.json.*ListModels is not an operation of sagemaker\.amazonaws\.com/);
  });

  it('rejects a duplicate best practice id', () => {
    const d = brokenCopy('best-practices.json', (x) => (x.groups[1].practices[0].id = x.groups[0].practices[0].id));
    expect(errorOf(() => loadPlaybook(d)).message).toMatch(/best-practices\.json.*duplicate id 'isolated-vpc'/);
  });

  it('names the file that is not JSON', () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-ir-playbook-'));
    cpSync(PLAYBOOK_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'sources.json'), '{"sources": [');
    expect(errorOf(() => loadPlaybook(dir)).message).toContain('playbook data sources.json');
  });
});
