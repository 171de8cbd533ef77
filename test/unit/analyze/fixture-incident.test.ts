import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../../src/commands/detect/index.js';
import { buildChecklist } from '../../../src/core/analyze/checklist.js';
import { renderCaseReport } from '../../../src/core/analyze/markdown.js';
import type { Checklist, ChecklistItem } from '../../../src/core/analyze/model.js';
import type { DetectReport } from '../../../src/core/report.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { EXPECTED_FILE, FIXTURES_DIR } from '../../../fixtures/generate-incident.js';
import { ANALYSIS_EXAMPLE, REGENERATE, REPO_DIR, buildAnalysisExample, detectFixture } from '../../../fixtures/generate-analysis.js';

/**
 * The checklist for the bundled incident (fixtures/incident, story in its README.md): detect's real
 * findings, each question's answer checked against what the attacker did there.
 */
interface Expected {
  attacker: { principals: { arn: string; accessKeyId: string; sourceIPAddress: string }[] };
  benignPrincipals: string[];
  attackEvents: { eventID: string; eventName: string; principal: string }[];
  nearMisses: { eventID: string }[];
}
const expected = JSON.parse(readFileSync(`${FIXTURES_DIR}/${EXPECTED_FILE}`, 'utf8')) as Expected;
const [KEY_USER, SESSION] = expected.attacker.principals.map((p) => p.arn) as [string, string];
const eventOf = (name: string, nth = 0) => expected.attackEvents.filter((e) => e.eventName === name)[nth]!.eventID;

const A = '111122223333';
const sm = (region: string, type: string, name: string) => `arn:aws:sagemaker:${region}:${A}:${type}/${name}`;
const EXEC_ROLE = `arn:aws:iam::${A}:role/service-role/AmazonSageMaker-ExecutionRole-MlCi`;
const TRAIL = `arn:aws:cloudtrail:us-east-1:${A}:trail/org-audit-trail`;
const FOREIGN_IMAGE = '444455556666.dkr.ecr.eu-west-1.amazonaws.com/pytorch-bench:latest';
const FOREIGN_KMS = 'arn:aws:kms:us-east-1:444455556666:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const EXPORT_AP = 's3://arn:aws:s3:us-east-1:444455556666:accesspoint/ingest-ap/exports/';
const JOBS = Array.from({ length: 12 }, (_, i) => sm('eu-west-1', 'training-job', `llm-finetune-bench-${String(i + 1).padStart(2, '0')}`));

const playbook = loadPlaybook();
let report: DetectReport;
let checklist: Checklist;
const q = (n: number): ChecklistItem => checklist.items[n - 1] as ChecklistItem;
const texts = (n: number) => q(n).evidence.map((l) => l.text);
const line = (n: number, ...needles: string[]) => {
  const l = q(n).evidence.find((e) => needles.every((x) => e.text.includes(x)));
  if (!l) throw new Error(`Q${n}: no evidence line with ${needles.join(' + ')} in:\n${texts(n).join('\n')}`);
  return l;
};

beforeAll(async () => {
  report = await detectFixture();
  checklist = buildChecklist(playbook, report);
});

describe('analyze over the bundled incident', () => {
  it('gives every question the status the attack supports', () => {
    expect(checklist.items.map((i) => `${i.id} ${i.status}`)).toEqual([
      'q1 evidence-found',
      'q2 evidence-found',
      'q3 evidence-found',
      'q4 evidence-found',
      'q5 needs-human',
      'q6 evidence-found',
      'q7 evidence-found',
      'q8 evidence-found',
      'q9 evidence-found',
      'q10 evidence-found',
      'q11 evidence-found',
      'q12 evidence-found',
      'q13 needs-human',
      'q14 needs-human',
      'q15 evidence-found',
    ]);
    expect(checklist.logsRead).toBe('files fixtures/incident, 2026-11-27T00:00:00.000Z to 2026-11-28T00:00:00.000Z, 2708 records');
  });

  it('cites only the attacker: no benign principal, background event or near miss anywhere', () => {
    const attack = new Set(expected.attackEvents.map((e) => e.eventID));
    const all = checklist.items.flatMap((i) => i.evidence);
    expect(all.length).toBeGreaterThan(100);
    // An actor's timeline line (Q3) is everything its credentials did, the owner's calls too: checked below.
    const timeline = (l: { text: string }) => l.text.includes('everything it did in the window');
    for (const l of all) {
      if (!timeline(l)) for (const id of l.eventIds) expect(attack.has(id), `${id} in: ${l.text}`).toBe(true);
      for (const p of expected.benignPrincipals) expect(l.text, l.text).not.toContain(p);
    }
    const cited = new Set(all.flatMap((l) => l.eventIds));
    for (const m of expected.nearMisses) expect(cited.has(m.eventID), m.eventID).toBe(false);
  });

  it('Q1 names the resources the attacker touched, by type', () => {
    for (const [type, name] of [
      ['sagemaker notebook-instance', sm('us-east-1', 'notebook-instance', 'ml-ci-runner')],
      ['sagemaker notebook-instance', sm('eu-west-1', 'notebook-instance', 'ml-ci-gpu')],
      // The victims' notebook: only its name is in the requests.
      ['sagemaker notebook-instance', 'ds-forecasting'],
      ['sagemaker notebook-instance-lifecycle-config', sm('us-east-1', 'notebook-instance-lifecycle-config', 'ml-ci-bootstrap')],
      ['sagemaker endpoint', sm('us-east-1', 'endpoint', 'fraud-detector-prod')],
      ['sagemaker model-package', sm('us-east-1', 'model-package', 'fraud-detector/4')],
      ['sagemaker processing-job', sm('us-east-1', 'processing-job', 'feature-export-20261127')],
      ['iam role', EXEC_ROLE],
      ['iam role', 'sagemaker-ops-automation'],
      ['ecr image', FOREIGN_IMAGE],
      ['cloudtrail trail', TRAIL],
      ['s3 location', EXPORT_AP],
    ]) {
      expect(texts(1), name).toContainEqual(expect.stringMatching(new RegExp(`^\\[${type}\\] ${name!.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&')}: `)));
    }
    expect(line(1, '] ds-forecasting:').text).toContain('DescribeNotebookInstance, StopNotebookInstance, UpdateNotebookInstance by ' + KEY_USER);
    for (const job of JOBS) expect(line(1, `${job}:`).text).toContain(`CreateTrainingJob${job.endsWith('-01') ? ', UpdateTrainingJob' : ''} by ${SESSION}`);
  });

  it('Q2 shows both credentials, where they were used from, and how the role session was taken', () => {
    const key = line(2, `${KEY_USER}:`);
    expect(key.text).toContain('IAM user, long-term access key AKIAIOSFODNN7EXAMPLE; via AWS SDK for Python (boto3); from 203.0.113.45');
    const session = line(2, `${SESSION}:`);
    expect(session.text).toContain(`SageMaker execution role session of ${EXEC_ROLE} (credentials of a notebook instance or job); via AWS CLI; from 198.51.100.77`);
    // The lifecycle script that posts the notebook role's IMDS credentials to the attacker.
    const imds = line(2, 'CreateNotebookInstanceLifecycleConfig', 'instance metadata credentials (IMDS)');
    expect(imds.eventIds).toEqual([eventOf('CreateNotebookInstanceLifecycleConfig')]);
    expect(imds.confidence).toBe('strong');
    line(2, 'CreatePresignedNotebookInstanceUrl', 'ml-ci-runner from 203.0.113.45');
    line(2, 'CreatePresignedDomainUrl', 'd-exampledom01/maria-garcia from 198.51.100.77');
    line(2, '2 x CreateNotebookInstance', 'caller used long-term access key');
  });

  it("Q3 lists every flagged action per principal, then everything each did from its activity timeline, per address", () => {
    expect(texts(3)).toHaveLength(6);
    // The stolen session: the thief's host and the notebook the credentials came from, told apart by address.
    const session = line(3, `${SESSION}, everything it did in the window`).text;
    expect(session).toMatch(/from 198\.51\.100\.77 \(\d+, \d+ flagged\): [^;]*iam:CreateRole/);
    expect(session).toMatch(/from 10\.20\.4\.52 \(\d+, 0 flagged\): /);
    // The leaked key: its reconnaissance, denied, is in the timeline though no rule flags each call.
    expect(line(3, `${KEY_USER}, everything it did in the window`).text).toMatch(/from 203\.0\.113\.45 [^;]*secretsmanager:ListSecrets \(1 failed\)/);
    expect(line(3, `${KEY_USER}:`).text).toBe(
      `${KEY_USER}: ListUsers (1 failed), DescribeNotebookInstance, DescribeTrainingJob, DescribeModelPackage, CreateNotebookInstanceLifecycleConfig, CreateNotebookInstance x2, StopNotebookInstance, UpdateNotebookInstance, CreatePresignedNotebookInstanceUrl; first 2026-11-27T09:02:05Z, last 2026-11-27T09:49:10Z`,
    );
    const s = line(3, `${SESSION}:`).text;
    for (const a of ['CreateRole', 'AttachRolePolicy x2', 'CreateTrainingJob x12', 'UpdateEndpoint', 'DescribeModelPackage x3', 'DeleteLogGroup x2', 'StopLogging']) expect(s).toContain(a);
    // The backdoor role the session created (trusted by SageMaker), assumed from the attacker's host (issue 19).
    expect(line(3, 'assumed-role/sagemaker-ops-automation/ops-backup:').text).toBe(
      'arn:aws:sts::111122223333:assumed-role/sagemaker-ops-automation/ops-backup: GetCallerIdentity, CreateUser; first 2026-11-27T10:05:41Z, last 2026-11-27T10:06:15Z',
    );
  });

  it('Q4 finds the export to the other account, the poisoned model and the swapped production endpoint', () => {
    const exp = line(4, 'CreateProcessingJob', EXPORT_AP);
    expect(exp.text).toContain(FOREIGN_KMS);
    expect(exp.eventIds).toEqual([eventOf('CreateProcessingJob')]);
    line(4, 'CreateModelPackage', 'fraud-detector:4.0');
    line(4, 'UpdateModelPackage', sm('us-east-1', 'model-package', 'fraud-detector/4'));
    // Swapped twice: to the poisoned model, then to a config that captures to the attacker's bucket (inference-data-redirect).
    const swaps = line(4, '2 x UpdateEndpoint', 'fraud-detector-prod').eventIds;
    expect(swaps).toHaveLength(2);
    expect(swaps).toContain(eventOf('UpdateEndpoint'));
    expect(line(4, 'UpdateEndpoint', 's3://ml-ci-artifacts-cache-7731/capture').eventIds).toHaveLength(1);
    expect(line(4, '3 x DescribeModelPackage').confidence).toBe('weak');
    expect(texts(4).join('\n')).not.toContain('DeleteLogGroup');
  });

  it('Q5 leaves the poisoning judgement to a human, with the models and endpoints to judge', () => {
    expect(q(5).summary).toMatch(/^A human must answer this; \d+ findings bear on this/);
    line(5, 'CreateModel', '444455556666.dkr.ecr.us-east-1.amazonaws.com/fraud-detector:4.0');
    line(5, 'UpdateEndpoint', 'fraud-detector-prod');
    line(5, 'CreateTransformJob');
    expect(texts(5).join('\n')).not.toContain('DescribeModelPackage');
  });

  it('Q6 lists what was created or changed, not the images, keys and roles the calls only name', () => {
    const named = texts(6).map((t) => t.slice(0, t.indexOf(': ')));
    expect(named).toEqual(
      expect.arrayContaining([
        sm('us-east-1', 'notebook-instance-lifecycle-config', 'ml-ci-bootstrap'),
        sm('us-east-1', 'notebook-instance', 'ml-ci-runner'),
        sm('eu-west-1', 'notebook-instance', 'ml-ci-gpu'),
        'ds-forecasting',
        'sagemaker-ops-automation',
        EXEC_ROLE,
        ...JOBS,
        sm('eu-west-1', 'hyper-parameter-tuning-job', 'bench-hpo'),
        sm('us-east-1', 'model', 'fraud-detector-v4'),
        sm('us-east-1', 'endpoint-config', 'fraud-detector-v4-config'),
        sm('us-east-1', 'endpoint-config', 'fraud-detector-v4-config-b'),
        sm('us-east-1', 'endpoint', 'fraud-detector-prod'),
        sm('us-east-1', 'endpoint', 'fraud-detector-shadow'),
        sm('us-east-1', 'processing-job', 'feature-export-20261127'),
        sm('us-east-1', 'model-package', 'fraud-detector/4'),
        sm('us-east-1', 'transform-job', 'fraud-rescore-20261127'),
        'd-exampledom01',
        sm('us-east-1', 'studio-lifecycle-config', 'jl-kernel-helper'),
        sm('us-east-1', 'user-profile', 'd-exampledom01/maria-garcia'),
        'svc-backup',
        TRAIL,
      ]),
    );
    expect(named).toHaveLength(32);
    for (const notChanged of [FOREIGN_IMAGE, FOREIGN_KMS, EXPORT_AP, 'arn:aws:iam::aws:policy/AdministratorAccess']) expect(named).not.toContain(notChanged);
    // CreateModel passed an execution role (issue 19), so its finding now names the model itself.
    expect(line(6, `${sm('us-east-1', 'model', 'fraud-detector-v4')}:`).eventIds).toEqual([eventOf('CreateModel')]);
    expect(texts(6).join('\n')).not.toContain('(not named in the finding): CreateModel');
    expect(line(6, 'ds-forecasting:').text).toContain('UpdateNotebookInstance at 2026-11-27T09:37:50Z');
    expect(line(6, `${EXEC_ROLE}:`).text).toMatch(/^\S+: AttachRolePolicy at 2026-11-27T10:03:15Z by \S+; UpdateRole at 2026-11-27T10:04:40Z by \S+$/);
    expect(texts(6).join('\n')).not.toMatch(/CreatePresigned|DescribeModelPackage|StopLogging/);
  });

  it('Q7 tells the SDKs apart: Boto3 with the key, a Kali aws-cli with the role session', () => {
    expect(texts(7)).toHaveLength(2);
    expect(line(7, KEY_USER).text).toMatch(/via AWS SDK for Python \(boto3\) \(Boto3\/1\.34\.2 /);
    expect(line(7, SESSION).text).toMatch(/via AWS CLI \(aws-cli\/2\.15\.0 .*md\/distrib#kali\.2024/);
    expect(line(7, SESSION).text).not.toContain('DeleteLogGroup');
  });

  it('Q8 finds the deleted SageMaker logs and the stopped trail, not the CI deleting a Lambda log group', () => {
    const strong = q(8).evidence.filter((l) => l.confidence === 'strong');
    expect(strong.map((l) => l.eventIds)).toEqual([
      [eventOf('DeleteLogStream')],
      [eventOf('DeleteLogGroup'), eventOf('DeleteLogGroup', 1)],
      [eventOf('PutEventSelectors')],
      [eventOf('StopLogging')],
    ]);
    line(8, 'StopLogging', TRAIL);
    line(8, 'DeleteLogStream', 'ml-ci-runner/LifecycleConfigOnStart');
    expect(texts(8).join('\n')).not.toContain('/aws/lambda/');
  });

  it('Q9 names the escalated execution role and the new admin role', () => {
    expect(line(9, 'role AmazonSageMaker-ExecutionRole-MlCi:').text).toContain('AttachRolePolicy, UpdateRole');
    expect(line(9, 'role sagemaker-ops-automation:').text).toContain('CreateRole, AttachRolePolicy');
    line(9, 'CreateRole', 'trusts sagemaker.amazonaws.com');
    line(9, 'AttachRolePolicy', 'arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('Q10 shows the notebooks opened to the internet, the Studio domain taken out of its VPC and the foreign images without network isolation', () => {
    expect(texts(10)).toHaveLength(6);
    expect(line(10, '12 x CreateTrainingJob', 'pytorch-bench').text).toContain('no network isolation');
    line(10, 'CreateModel', 'fraud-detector:4.0');
    line(10, 'UpdateDomain', 'switched to AppNetworkAccessType PublicInternetOnly');
    const l = line(10, '2 x CreateNotebookInstance', 'DirectInternetAccess Enabled');
    expect(l.eventIds).toEqual([eventOf('CreateNotebookInstance'), eventOf('CreateNotebookInstance', 1)]);
  });

  it('Q11 shows the notebooks as the pivot: the planted script, the persistence, the presigned URLs and the stolen role session', () => {
    line(11, `${SESSION}:`, 'SageMaker execution role session');
    line(11, 'StopNotebookInstance', 'notebook ds-forecasting stopped, given lifecycle config ml-ci-bootstrap and started again');
    line(11, 'UpdateNotebookInstanceLifecycleConfig', 'ssh key persistence', 'cron persistence');
    line(11, 'CreatePresignedNotebookInstanceUrl');
    line(11, 'CreatePresignedDomainUrl');
  });

  it('Q12 shows the miner, the reverse shell and the GPU burst', () => {
    line(12, 'CreateNotebookInstanceLifecycleConfig', 'reverse shell: /dev/tcp redirection', 'crypto miner', 'mining pool');
    expect(line(12, 'Burst of job, endpoint or notebook creation').eventIds).toHaveLength(12);
    line(12, '12 x CreateTrainingJob', 'ml.p4d.24xlarge');
  });

  it('Q13 and Q14 leave impact and recovery to a human, with the scenarios and resources attached', () => {
    expect(q(13).evidence.map((l) => l.text.split(':')[0])).toEqual(
      expect.arrayContaining(['data-model-exfiltration', 'data-poisoning', 'cryptojacking', 'log-tampering', 'credential-theft']),
    );
    expect(q(14).status).toBe('needs-human');
    expect(texts(14).join('\n')).toContain(EXEC_ROLE);
  });

  it('Q15 names the practices the attack shows were not followed, with their controls', () => {
    expect(texts(15).map((t) => t.slice(0, t.indexOf('.') + 1))).toEqual([
      'Root access was left enabled on notebook instances.',
      'Notebook instances had direct internet access.',
      'Presigned notebook URLs could be created from any network.',
      // The leaked CI key: the only long-term credential in the attack.
      'A long-term IAM user access key could create SageMaker resources and pass roles to them.',
      'Principals could pass execution roles to SageMaker (iam:PassRole) beyond their need.',
      'The roles SageMaker uses could be changed by principals outside the administrators.',
      'Lifecycle configurations could be created or changed without review.',
      'Lifecycle configurations could be attached to existing notebooks without review.',
      'Instance types were not limited.',
      'Nothing limited how many jobs or endpoints one principal could start.',
      'Images, model artifacts or KMS keys from other accounts were accepted.',
      'Trails and SageMaker log groups were not protected against changes.',
    ]);
    expect(line(15, 'Root access').text).toMatch(
      /Seen in: \S+notebook-instance\/ml-ci-runner, \S+notebook-instance\/ml-ci-gpu\. Controls: best practice "Disable root access to notebooks if it is not needed"; SCP SageMakerDenyRootAccess \(Disable Root access in SageMaker Notebooks\); AWS Config rule sagemaker-notebook-instance-root-access-check\.$/,
    );
    expect(line(15, 'long-term IAM user access key').eventIds).toEqual([eventOf('CreateNotebookInstance'), eventOf('CreateNotebookInstance', 1)]);
  });
});

describe('analyze over part of the incident', () => {
  it('says "nothing found in the logs read" for what the window does not reach, never "no"', async () => {
    // A responder reading the logs at 11:30, before the attacker covered its tracks.
    const early = await detectFixture('2026-11-27T11:30:00Z');
    const c = buildChecklist(playbook, early);
    const q8 = c.items[7] as ChecklistItem;
    expect(q8.status).toBe('nothing-in-logs');
    expect(q8.evidence).toEqual([]);
    expect(q8.summary).toBe(
      'Nothing relevant in the logs read (files fixtures/incident, 2026-11-27T00:00:00.000Z to 2026-11-27T11:30:00.000Z, 2708 records). ' +
        'This does not show it did not happen: If logging was stopped, the gap itself holds no events; deleted log streams are gone.',
    );
    // The rest still stands on what was read.
    expect(c.items.filter((i) => i.status === 'nothing-in-logs').map((i) => i.id)).toEqual(['q8']);
  });
});

describe('the case report of the incident', () => {
  it('sums the findings of each scenario up per rule', () => {
    const md = renderCaseReport({ checklist, report, caseDir: null, audit: null });
    const section = md.split('### log-tampering (7)\n\n')[1]!.split('\n\n')[0]!.split('\n').slice(2);
    expect(section).toEqual([
      expect.stringMatching(/^\| 2026-11-27T11:48:00Z to 2026-11-27T11:49:30Z \| Event named by a playbook threat scenario \(`scenario-event`\) \| 2 \| StopTrainingJob, StopTransformJob \| \S+ \| low \| weak \| /),
      expect.stringMatching(/^\| 2026-11-27T11:55:10Z to 2026-11-27T12:03:05Z \| CloudTrail or SageMaker log tampering \(`log-tampering`\) \| 5 \| DeleteLogStream, DeleteLogGroup, PutEventSelectors, StopLogging \| \S+ \| high \| strong \| .* and 2 more \|$/),
    ]);
  });
});

describe('fixtures/incident.analysis.md', () => {
  it(`is the current case report of the incident (regenerate: ${REGENERATE})`, async () => {
    const committed = readFileSync(ANALYSIS_EXAMPLE, 'utf8');
    const current = await buildAnalysisExample();
    // Line by line, so a stale report shows which lines changed.
    expect(current.split('\n'), `fixtures/incident.analysis.md is out of date: run \`${REGENERATE}\` and commit the result`).toEqual(committed.split('\n'));
    // Nothing of this machine or this moment in it.
    expect(committed.includes(REPO_DIR) || committed.includes(tmpdir()), 'an absolute path').toBe(false);
    const stamps = new Set(committed.match(/\d{4}-\d\d-\d\dT/g));
    expect([...stamps]).toEqual(['2026-11-27T', '2026-11-28T']);
  });
});

describe('analyze over logs that could not all be read', () => {
  it('says which inputs were not read with every "nothing found", and in the report', async () => {
    // One delivery file of the incident (a quiet early-morning one), a corrupt one and a truncated one beside it.
    const dir = mkdtempSync(join(tmpdir(), 'sm-ir-analyze-gaps-'));
    const day = join(REPO_DIR, 'fixtures/incident/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/27');
    const first = readdirSync(day).sort()[0]!;
    copyFileSync(join(day, first), join(dir, first));
    writeFileSync(join(dir, 'corrupt.json.gz'), gzipSync('garbage'));
    writeFileSync(join(dir, 'truncated.json'), '{"Records": [');
    const r = await detect({ logs: [dir], since: 'all', until: '2026-11-28T00:00:00Z', minSeverity: 'info', prefilter: true, output: 'json', athenaDatabase: 'default', auditLog: './sm-ir-audit.jsonl' }, new Date('2026-11-28T00:00:00Z'));
    expect(r.partial).toBe(true); // files not read in full make the report partial (issue 14)
    const c = buildChecklist(playbook, r);
    const q8 = c.items[7] as ChecklistItem;
    expect(q8.status).toBe('nothing-in-logs');
    expect(q8.summary).toContain('; PARTIAL read, failed: ');
    expect(q8.summary).toContain(`${join(dir, 'corrupt.json.gz')} (not JSON`);
    expect(q8.summary).toContain(`${join(dir, 'truncated.json')} (invalid JSON: file ends inside a record`);
    const md = renderCaseReport({ checklist: c, report: r, caseDir: null, audit: null });
    expect(md).toContain('- **2 input(s) could not be read in full: findings may be missing.**');
  });
});
