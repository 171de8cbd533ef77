import { loadPlaybook, loadPlaybookFile, crossCheck, type Playbook } from '../../../src/playbook/load.js';
import { ScenariosFile, SourcesFile } from '../../../src/playbook/schema.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { createClassifier } from '../../../src/core/classify/index.js';
import type { Finding } from '../../../src/core/finding.js';

// The record builder and identities live with the rules' fixtures (src/core/classify/rules/fixture-kit.ts).
export { ACCOUNT, OTHER_ACCOUNT, attacker, keyUser, rec, at, b64 } from '../../../src/core/classify/rules/fixture-kit.js';
const SM = 'sagemaker.amazonaws.com';

/**
 * The real playbook with small sources and scenarios of the real shape, so rule tests do not move
 * when the scenario table is edited; rules are the real rules (src/core/classify/rules/<id>/meta.ts).
 */
export function testPlaybook(): Playbook {
  const ev = (name: string, extra: Record<string, unknown> = {}) => ({ source: SM, name, ...extra });
  const pb: Playbook = {
    ...loadPlaybook(),
    sources: SourcesFile.parse({
      sources: [
        {
          source: SM,
          service: 'Amazon SageMaker',
          recordedIn: 'regional',
          operations: [
            'CreateNotebookInstance', 'UpdateNotebookInstance', 'StopNotebookInstance', 'StartNotebookInstance',
            'DescribeNotebookInstance', 'CreateNotebookInstanceLifecycleConfig', 'UpdateNotebookInstanceLifecycleConfig',
            'CreateTrainingJob', 'DescribeTrainingJob', 'CreateProcessingJob', 'CreateHyperParameterTuningJob',
            'CreateEndpoint', 'CreateEndpointConfig', 'CreateModel', 'CreateModelPackage', 'CreateTransformJob', 'DescribeModelPackage',
            'BatchDescribeModelPackage', 'CreatePresignedNotebookInstanceUrl', 'CreatePresignedDomainUrl', 'ListNotebookInstances',
          ],
        },
        { source: 'iam.amazonaws.com', service: 'AWS IAM', recordedIn: 'us-east-1', operations: ['CreateRole', 'UpdateRole', 'PutRolePolicy', 'AttachRolePolicy', 'UpdateAssumeRolePolicy'] },
        { source: 'cloudtrail.amazonaws.com', service: 'AWS CloudTrail', recordedIn: 'regional', operations: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] },
        { source: 'logs.amazonaws.com', service: 'Amazon CloudWatch Logs', recordedIn: 'regional', operations: ['DeleteLogGroup', 'DeleteLogStream', 'PutRetentionPolicy'] },
      ],
      lookAlikes: ['metrics-sagemaker.amazonaws.com'],
    }),
    scenarios: ScenariosFile.parse({
      scenarios: [
        {
          id: 'data-model-exfiltration', title: 'Data/Model Exfiltration', severity: 'high', mitre: ['T1530', 'T1537'],
          description: ['Copying or downloading sensitive data from SageMaker data stores or model artifacts.'],
          events: [
            ev('DescribeModelPackage'), ev('DescribeTrainingJob'),
            ev('GetModelPackageModelMetrics', { exists: false, realOperations: ['DescribeModelPackage', 'BatchDescribeModelPackage'] }),
          ],
        },
        {
          id: 'data-poisoning', title: 'Data Poisoning', severity: 'high', mitre: ['T1565.001'],
          description: ['Modifying or poisoning trained models by injecting malicious data or adversarial examples.'],
          events: [ev('CreateModelPackage'), ev('CreateEndpointConfig'), ev('CreateEndpoint'), ev('CreateTrainingJob')],
        },
        {
          id: 'resource-misuse', title: 'Resource Misuse', severity: 'medium', mitre: ['T1496.001'],
          description: ['Launching unauthorized SageMaker instances or jobs.'],
          events: [ev('CreateNotebookInstance'), ev('UpdateNotebookInstance'), ev('CreateTrainingJob'), ev('CreateEndpoint')],
        },
        {
          id: 'configuration-changes', title: 'Configuration Changes', severity: 'high', mitre: ['T1098.003'],
          description: ['Modifying SageMaker configurations.'],
          events: [
            { source: 'iam.amazonaws.com', name: 'CreateRole' }, { source: 'iam.amazonaws.com', name: 'UpdateRole' },
            ev('CreateNotebookInstanceLifecycleConfig'), ev('UpdateNotebookInstanceLifecycleConfig'),
          ],
        },
        {
          id: 'credential-theft', title: 'Credential Theft', severity: 'high', mitre: ['T1552.005'],
          description: ['Stealing credentials from SageMaker resources.'],
          events: [ev('DescribeNotebookInstance'), ev('DescribeTrainingJob')],
        },
        {
          id: 'malware-deployment', title: 'Malware Deployment', severity: 'high', mitre: ['T1525'],
          description: ['Deploying malicious code.'],
          events: [ev('CreateNotebookInstance'), ev('UpdateNotebookInstance')],
        },
        {
          id: 'cryptojacking', title: 'Cryptojacking', severity: 'high', mitre: ['T1496.001'],
          description: ['Mining cryptocurrency on SageMaker compute.'],
          events: [ev('CreateNotebookInstance'), ev('CreateTrainingJob')],
        },
        {
          id: 'denial-of-service', title: 'Denial of Service', severity: 'medium', mitre: ['T1499'],
          description: ['Exhausting SageMaker resources.'],
          events: [ev('CreateTrainingJob'), ev('CreateEndpoint')],
        },
        {
          id: 'log-tampering', title: 'Log Tampering', severity: 'high', mitre: ['T1562.008'],
          description: ['Tampering with logs.'],
          events: [ev('DescribeTrainingJob')],
        },
      ],
    }),
    rules: loadPlaybookFile('rules'),
  };
  crossCheck(pb);
  return pb;
}

export function classify(records: CloudTrailRecord[], pb = testPlaybook()): Finding[] {
  const c = createClassifier(pb);
  for (const r of records) c.push(r);
  return c.finish();
}

export const ofRule = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);
