import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../../../src/core/analyze/checklist.js';
import type { ChecklistItem } from '../../../src/core/analyze/model.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { EXEC_ROLE, RES, attacker, execSession, finding, incidentFindings, report } from './builder.js';

const playbook = loadPlaybook();
const checklist = buildChecklist(playbook, report(incidentFindings()));
const q = (n: number): ChecklistItem => checklist.items[n - 1] as ChecklistItem;
const texts = (n: number) => q(n).evidence.map((l) => l.text);
const line = (n: number, needle: string) => {
  const l = q(n).evidence.find((e) => e.text.includes(needle));
  if (!l) throw new Error(`Q${n}: no evidence line with '${needle}' in:\n${texts(n).join('\n')}`);
  return l;
};

describe('checklist for an incident', () => {
  it('gives every question the status the evidence supports', () => {
    expect(checklist.items.map((i) => [i.id, i.status])).toEqual([
      ['q1', 'evidence-found'],
      ['q2', 'evidence-found'],
      ['q3', 'evidence-found'],
      ['q4', 'evidence-found'],
      ['q5', 'needs-human'],
      ['q6', 'evidence-found'],
      ['q7', 'evidence-found'],
      ['q8', 'evidence-found'],
      ['q9', 'evidence-found'],
      ['q10', 'evidence-found'],
      ['q11', 'evidence-found'],
      ['q12', 'evidence-found'],
      ['q13', 'needs-human'],
      ['q14', 'needs-human'],
      ['q15', 'evidence-found'],
    ]);
  });

  it('every evidence line cites findings and events of the report', () => {
    const ids = new Set(incidentFindings().map((f) => f.id));
    for (const i of checklist.items) {
      for (const l of i.evidence) {
        expect(l.findingIds.length, `${i.id}: ${l.text}`).toBeGreaterThan(0);
        expect(l.eventIds.length, `${i.id}: ${l.text}`).toBeGreaterThan(0);
        for (const id of l.findingIds) expect(ids.has(id), id).toBe(true);
      }
    }
  });

  it('Q1 lists the touched resources by type, with the events on each', () => {
    const nb = line(1, RES.NB);
    expect(nb.text).toMatch(/^\[sagemaker notebook-instance\]/);
    expect(nb.text).toContain('CreateNotebookInstance, StopNotebookInstance, CreatePresignedNotebookInstanceUrl');
    expect(nb.findingIds).toContain('notebook-insecure-config:ev-create-nb');
    expect(nb.eventIds).toEqual(expect.arrayContaining(['ev-create-nb', 'ev-stop', 'ev-update', 'ev-start', 'ev-url']));
    // IAM events name the role only in evidence (roleName): merged with the ARN other findings give.
    expect(line(1, EXEC_ROLE).text).toMatch(/^\[iam role\] \S+: CreateNotebookInstance, AttachRolePolicy by /);
    expect(line(1, RES.LC).text).toMatch(/^\[sagemaker notebook-instance-lifecycle-config\] \S+: CreateNotebookInstanceLifecycleConfig, StopNotebookInstance by/);
    expect(line(1, RES.PKG).confidence).toBe('weak');
    expect(line(1, RES.TRAIL).findingIds).toEqual(['log-tampering:ev-stoplog']);
    expect(line(1, '[ecr image] 444455556666.dkr.ecr').findingIds).toEqual(['cross-account-artifact:ev-tj']);
    expect(texts(1).filter((t) => /\] (nb-pivot|lc-persist|SageMakerExecRole):/.test(t))).toEqual([]);
    expect(q(1).evidence).toHaveLength(8);
  });

  it('Q2 tells an IAM user long-term key from an execution-role session, and highlights presigned URLs and recon', () => {
    const user = line(2, `${attacker.arn}: `);
    expect(user.text).toContain('IAM user, long-term access key AKIAIOSFODNN7EXAMPLE');
    expect(user.text).toContain('via AWS CLI');
    expect(user.text).toContain('from 203.0.113.10');
    expect(user.text).toContain('7 flagged events');
    const role = line(2, `${execSession.arn}: `);
    expect(role.text).toContain(`SageMaker execution role session of ${EXEC_ROLE}`);
    expect(role.text).toContain('AWS SDK for Python (boto3)');
    expect(line(2, 'CreatePresignedNotebookInstanceUrl').findingIds).toEqual(['presigned-url-access:ev-url']);
    expect(line(2, '[failed: AccessDenied]').text).toContain('12 AccessDenied errors');
    expect(line(2, 'Execution role passed').findingIds).toEqual(['execution-role-passed:ev-create-nb']);
  });

  it('Q3 counts each principal’s distinct events with first and last time', () => {
    const user = line(3, `${attacker.arn}:`);
    expect(user.text).toBe(
      `${attacker.arn}: ListNotebookInstances (1 failed), CreateNotebookInstance, CreateNotebookInstanceLifecycleConfig, StopNotebookInstance, CreatePresignedNotebookInstanceUrl, AttachRolePolicy, StopLogging; first 2026-11-27T08:00:00Z, last 2026-11-27T08:50:00Z`,
    );
    expect(line(3, `${execSession.arn}:`).text).toContain('DescribeModelPackage, CreateTrainingJob;');
  });

  it('Q4 shows exfiltration and tampering findings, marking event-name-only ones as weak', () => {
    expect(line(4, 'DescribeModelPackage').text).toContain('(weak: an event name alone)');
    expect(line(4, 'Artifact from another account').findingIds).toEqual(['cross-account-artifact:ev-tj']);
    expect(line(4, 'Presigned notebook URL').findingIds).toEqual(['presigned-url-access:ev-url']);
    expect(q(4).summary).toBe('3 findings bear on this.');
  });

  it('Q5 needs a human but carries the poisoning evidence', () => {
    expect(q(5).summary).toMatch(/^A human must answer this; 1 finding bears on this/);
    expect(texts(5)).toEqual([expect.stringContaining('Artifact from another account')]);
  });

  it('Q6 lists created and modified resources, not presigned URLs', () => {
    expect(texts(6).join('\n')).not.toContain('CreatePresignedNotebookInstanceUrl');
    const nb = line(6, `${RES.NB}:`);
    expect(nb.text).toContain('CreateNotebookInstance at 2026-11-27T08:05:00Z');
    expect(nb.text).toContain('StopNotebookInstance at 2026-11-27T08:12:00Z by arn:aws:iam::111122223333:user/data-scientist (Lifecycle persistence: notebook nb-pivot stopped, given lifecycle config lc-persist');
    expect(line(6, `${EXEC_ROLE}:`).text).toContain('AttachRolePolicy at 2026-11-27T08:40:00Z');
    expect(line(6, `${RES.JOB}:`).text).toContain('CreateTrainingJob');
  });

  it('Q7 groups SageMaker calls by principal and client', () => {
    expect(q(7).evidence).toHaveLength(2);
    expect(line(7, 'via AWS CLI (aws-cli/2.15.0').text).not.toContain('StopLogging');
    expect(line(7, 'via AWS SDK for Python (boto3)').text).toContain('DescribeModelPackage, CreateTrainingJob');
  });

  it('Q8 shows the log tampering', () => {
    expect(texts(8)).toEqual([expect.stringContaining('StopLogging by arn:aws:iam::111122223333:user/data-scientist')]);
  });

  it('Q9 names the role, how it was passed and changed', () => {
    const role = line(9, 'role SageMakerExecRole:');
    expect(role.text).toContain('CreateNotebookInstance, AttachRolePolicy');
    expect(role.findingIds.sort()).toEqual(['execution-role-passed:ev-create-nb', 'sagemaker-role-iam-change:ev-iam']);
  });

  it('Q10 finds direct internet access, Q11 the pivot through the notebook, Q12 the attacks', () => {
    expect(q(10).evidence.map((l) => l.findingIds)).toEqual([['notebook-insecure-config:ev-create-nb']]);
    const q11 = q(11).evidence.flatMap((l) => l.findingIds);
    expect(q11).toEqual(
      expect.arrayContaining(['presigned-url-access:ev-url', 'lifecycle-script-suspicious:ev-lc', 'notebook-lifecycle-persistence:ev-stop', 'scenario-event:ev-pkg']),
    );
    expect(line(11, `${execSession.arn}: `).text).toContain('SageMaker execution role session');
    expect(line(11, 'Lifecycle persistence').eventIds).toEqual(['ev-stop', 'ev-update', 'ev-start']);
    const q12 = q(12).evidence.flatMap((l) => l.findingIds);
    expect(q12).toEqual(expect.arrayContaining(['lifecycle-script-suspicious:ev-lc', 'large-instance-type:ev-tj']));
    expect(q12).not.toContain('scenario-event:ev-create-nb'); // a weak event name is not an attack
  });

  it('Q13 summarises per scenario, Q14 lists resources from medium or stronger findings', () => {
    expect(line(13, 'log-tampering:').text).toContain('1 finding (critical)');
    expect(texts(14).join('\n')).toContain(RES.NB);
    expect(texts(14).join('\n')).not.toContain(RES.PKG);
  });

  it('Q15 names each best practice not followed with its controls', () => {
    expect(line(15, 'Root access was left enabled').text).toContain('SCP SageMakerDenyRootAccess');
    expect(line(15, 'direct internet access').text).toContain('sagemaker-notebook-no-direct-internet-access');
    expect(line(15, 'Presigned notebook URLs').text).toContain('RestrictUrlToIp');
    expect(texts(15).join('\n')).not.toContain('outside a VPC');
  });
});

describe('questions without relevant findings', () => {
  const recon = report([finding({ ruleId: 'failed-call-burst', eventName: 'ListTrainingJobs', time: '2026-11-27T08:00:00Z', errorCode: 'AccessDenied' })]);
  const small = buildChecklist(playbook, recon);

  it('say what was read and never claim a no', () => {
    const q8 = small.items[7] as ChecklistItem;
    expect(q8.status).toBe('nothing-in-logs');
    expect(q8.evidence).toEqual([]);
    expect(q8.summary).toContain('Nothing relevant in the logs read (files fixtures/incident, 2026-11-27T00:00:00.000Z to 2026-11-27T12:00:00.000Z, 120 records)');
    expect(q8.summary).toContain('This does not show it did not happen');
    expect(q8.summary).toContain('If logging was stopped');
    expect((small.items[14] as ChecklistItem).status).toBe('nothing-in-logs');
    expect((small.items[4] as ChecklistItem).summary).toMatch(/^A human must answer this\. Nothing relevant/);
  });

  it('say when the read was partial', () => {
    const partial = buildChecklist(
      playbook,
      report([], { partial: true, window: { start: null, end: '2026-11-27T12:00:00.000Z' }, stats: { unitsRead: 1, recordsRead: 0, recordsMatched: 0, duplicates: 0, skipped: {}, errors: [{ input: 'eu-west-1', reason: 'AccessDenied' }], skippedFiles: [] } }),
    );
    expect((partial.items[7] as ChecklistItem).summary).toContain('the earliest record to 2026-11-27T12:00:00.000Z, 0 records; PARTIAL read, failed: eu-west-1 (AccessDenied)');
  });

  it("say when detect's filters dropped findings, and not when they kept everything", () => {
    const filtered = buildChecklist(playbook, report([], { filters: { minSeverity: 'high', scenarios: ['cryptojacking'], principals: null } }));
    expect((filtered.items[7] as ChecklistItem).summary).toContain(
      '; FILTERED by detect --min-severity high --scenario cryptojacking: findings outside these filters are not in the report). This does not show',
    );
    for (const filters of [undefined, { minSeverity: 'info' as const, scenarios: null, principals: null }]) {
      expect(buildChecklist(playbook, report([], filters ? { filters } : {})).logsRead).not.toContain('FILTERED');
    }
  });

  it('the bare checklist is not assessed, except the questions only a human can answer', () => {
    const bare = buildChecklist(playbook, null);
    expect(bare.logsRead).toBeNull();
    expect(bare.items.filter((i) => i.status === 'needs-human').map((i) => i.id)).toEqual(['q5', 'q13', 'q14']);
    expect(bare.items.filter((i) => i.status === null)).toHaveLength(12);
  });
});
