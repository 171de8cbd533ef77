// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { at, rec, type RuleFixtures } from '../fixture-kit.js';
import type { CloudTrailRecord } from '../../../cloudtrail.js';

const denied = (name: string, t: string, over: Partial<CloudTrailRecord> = {}) =>
  rec(name, {}, { ...at(t), errorCode: 'AccessDenied', errorMessage: `User is not authorized to perform: sagemaker:${name}`, ...over });

/** Five denied calls by one principal within 3 minutes, on SageMaker, CloudTrail and IAM. */
export const deniedAcrossWatched = [
  denied('ListNotebookInstances', '13:00:00'),
  denied('DescribeTrainingJob', '13:00:20'),
  denied('CreatePresignedNotebookInstanceUrl', '13:01:00'),
  denied('StopLogging', '13:02:00', { eventSource: 'cloudtrail.amazonaws.com' }),
  denied('AttachRolePolicy', '13:03:00', { eventSource: 'iam.amazonaws.com', errorCode: 'AccessDeniedException' }),
];
/** Five denied probes of services classification does not otherwise watch. */
export const deniedProbesElsewhere = ['s3:ListBuckets', 'ec2:DescribeInstances', 'secretsmanager:ListSecrets', 'kms:ListKeys', 'iam:ListRoles'].map((op, i) => {
  const [svc, name] = op.split(':') as [string, string];
  return denied(name, `13:0${i}:00`, { eventSource: `${svc}.amazonaws.com` });
});
export const deniedOnLookAlike = [1, 2, 3, 4, 5].map((i) => denied('CreateEndpoint', `13:0${i}:00`, { eventSource: 'metrics-sagemaker.amazonaws.com' }));

export default {
  attack: [
    { name: 'five denied calls across watched services', records: deniedAcrossWatched },
    { name: 'five denied probes of other services', records: deniedProbesElsewhere },
  ],
  nearMiss: [
    { name: 'a single denied call', records: [denied('ListNotebookInstances', '13:00:00')] },
    { name: 'five validation errors (a broken script, not probing)', records: [1, 2, 3, 4, 5].map((i) => denied('CreateTrainingJob', `13:0${i}:00`, { errorCode: 'ValidationException' })) },
    { name: 'five denied calls on the look-alike source metrics-sagemaker', records: deniedOnLookAlike },
  ],
} satisfies RuleFixtures;
