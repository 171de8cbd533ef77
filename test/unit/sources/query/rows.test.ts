import { describe, expect, it } from 'vitest';
import { recordFromAthenaRow, checkHeader } from '../../../../src/sources/athena/rows.js';
import { recordFromLakeRow, cloudTrailTimeOf } from '../../../../src/sources/lake/rows.js';
import { QUERY_COLUMNS, columnName, RowError } from '../../../../src/sources/query/columns.js';

// How Athena returns the documented table's struct through json_format(CAST(... AS JSON)):
// lower-case names, every declared field present, null when absent.
const userIdentityJson = JSON.stringify({
  type: 'AssumedRole', principalid: 'AROAEXAMPLE:alice', arn: 'arn:aws:sts::111122223333:assumed-role/R/alice', accountid: '111122223333',
  invokedby: null, accesskeyid: 'ASIAEXAMPLE', username: null, onbehalfof: null,
  sessioncontext: {
    attributes: { mfaauthenticated: 'false', creationdate: '2026-11-27T06:45:03Z' },
    sessionissuer: { type: 'Role', principalid: 'AROAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/R', accountid: '111122223333', username: 'R' },
    ec2roledelivery: null,
    webidfederationdata: { federatedprovider: null, attributes: { 'accounts.google.com:aud': 'x' } },
    sourceidentity: null,
  },
});

function athenaRow(values: Record<string, string | undefined>): (string | undefined)[] {
  return QUERY_COLUMNS.map((c) => values[columnName(c)]);
}

describe('Athena rows to CloudTrail records', () => {
  it('restores CloudTrail names and leaves absent fields out', () => {
    const r = recordFromAthenaRow(
      athenaRow({
        eventtime: '2026-11-27T08:33:14Z', eventsource: 'sagemaker.amazonaws.com', eventname: 'CreateNotebookInstance', awsregion: 'eu-west-1',
        useridentity: userIdentityJson,
        resources: JSON.stringify([{ arn: 'arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/nb', accountid: '111122223333', type: null }]),
        requestparameters: '{"notebookInstanceName":"nb","instanceType":"ml.p3.16xlarge","volumeSizeInGB":5}',
      }),
    );
    expect(r).toEqual({
      eventTime: '2026-11-27T08:33:14Z', eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateNotebookInstance', awsRegion: 'eu-west-1',
      userIdentity: {
        type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: 'arn:aws:sts::111122223333:assumed-role/R/alice', accountId: '111122223333', accessKeyId: 'ASIAEXAMPLE',
        sessionContext: {
          attributes: { mfaAuthenticated: 'false', creationDate: '2026-11-27T06:45:03Z' },
          sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/R', accountId: '111122223333', userName: 'R' },
          webIdFederationData: { attributes: { 'accounts.google.com:aud': 'x' } },
        },
      },
      resources: [{ ARN: 'arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/nb', accountId: '111122223333' }],
      requestParameters: { notebookInstanceName: 'nb', instanceType: 'ml.p3.16xlarge', volumeSizeInGB: 5 },
    });
  });

  it('says why a row is not a record; a broken JSON column is a RowError', () => {
    expect(recordFromAthenaRow(athenaRow({ eventsource: 'sagemaker.amazonaws.com', eventname: 'X' }))).toBe('not-a-cloudtrail-record');
    expect(() => recordFromAthenaRow(athenaRow({ eventtime: '2026-11-27T08:33:14Z', eventsource: 's', eventname: 'n', requestparameters: '{oops' }))).toThrow(RowError);
  });

  it('checks the header row', () => {
    expect(() => checkHeader(QUERY_COLUMNS.map(columnName))).not.toThrow();
    expect(() => checkHeader(['eventtime'])).toThrow(RowError);
  });
});

describe('CloudTrail Lake rows to CloudTrail records', () => {
  it('reads single-key cells, Lake times, maps of strings and structs', () => {
    const r = recordFromLakeRow([
      { eventTime: '2026-11-27 08:33:14.000' },
      { eventSource: 'sagemaker.amazonaws.com' },
      { eventName: 'CreatePresignedNotebookInstanceUrl' },
      { errorCode: '' },
      { userIdentity: JSON.stringify({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ci', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }) },
      {
        requestParameters: JSON.stringify({
          notebookInstanceName: 'nb', sessionExpirationDurationInSeconds: '43200', rootAccess: 'Enabled', accountLike: '0123',
          lifecycleConfigOnStart: JSON.stringify([{ content: 'IyEvYmluL2Jhc2g=' }]),
        }),
      },
    ]);
    expect(r).toEqual({
      eventTime: '2026-11-27T08:33:14Z', eventSource: 'sagemaker.amazonaws.com', eventName: 'CreatePresignedNotebookInstanceUrl',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ci', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      requestParameters: { notebookInstanceName: 'nb', sessionExpirationDurationInSeconds: 43200, rootAccess: 'Enabled', accountLike: '0123', lifecycleConfigOnStart: [{ content: 'IyEvYmluL2Jhc2g=' }] },
    });
  });

  it('converts Lake timestamps to CloudTrail times', () => {
    expect(cloudTrailTimeOf('2026-11-27 08:33:14.000')).toBe('2026-11-27T08:33:14Z');
    expect(cloudTrailTimeOf('2026-11-27 08:33:14.250')).toBe('2026-11-27T08:33:14.250Z');
    expect(() => cloudTrailTimeOf('yesterday')).toThrow(RowError);
  });
});
