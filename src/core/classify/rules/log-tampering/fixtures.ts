// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, rec, type RuleFixtures } from '../fixture-kit.js';

export const trail = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;
const cloudtrail = { eventSource: 'cloudtrail.amazonaws.com' };
const logs = { eventSource: 'logs.amazonaws.com' };

export const stopLogging = rec('StopLogging', { name: trail }, cloudtrail);
export const deniedDeleteTrail = rec('DeleteTrail', { name: trail }, { ...cloudtrail, errorCode: 'AccessDenied' });
export const deleteSageMakerLogGroup = rec('DeleteLogGroup', { logGroupName: '/aws/sagemaker/TrainingJobs' }, logs);
export const shortRetentionOnEndpointLogs = rec('PutRetentionPolicy', { logGroupName: '/aws/sagemaker/Endpoints/ep-1', retentionInDays: 1 }, logs);
export const deleteOtherLogGroup = rec('DeleteLogGroup', { logGroupName: '/aws/lambda/my-fn' }, logs);

export default {
  attack: [
    { name: 'StopLogging on a trail', records: [stopLogging] },
    { name: 'a denied DeleteTrail attempt', records: [deniedDeleteTrail] },
    { name: "one of SageMaker's log groups deleted", records: [deleteSageMakerLogGroup] },
    { name: "a one-day retention on SageMaker's endpoint logs", records: [shortRetentionOnEndpointLogs] },
  ],
  nearMiss: [
    { name: 'a log group outside /aws/sagemaker/ deleted', records: [deleteOtherLogGroup] },
    { name: "reading a trail's status", records: [rec('GetTrailStatus', { name: trail }, { ...cloudtrail, readOnly: true })] },
  ],
} satisfies RuleFixtures;
