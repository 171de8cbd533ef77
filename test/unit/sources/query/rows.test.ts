import { describe, expect, it } from 'vitest';
import { recordFromAthenaRow, checkHeader } from '../../../../src/sources/athena/rows.js';
import { recordFromLakeRow, cloudTrailTimeOf } from '../../../../src/sources/lake/rows.js';
import { QUERY_COLUMNS, columnName, RowError } from '../../../../src/sources/query/columns.js';

const athenaRow = (values: Record<string, string | undefined>): (string | undefined)[] => QUERY_COLUMNS.map((c) => values[columnName(c)]);

describe('Athena rows to CloudTrail records', () => {
  it('puts struct fields back in place under CloudTrail\'s names and leaves NULLs out', () => {
    const r = recordFromAthenaRow(
      athenaRow({
        eventtime: '2026-11-27T08:33:14Z', eventsource: 'sagemaker.amazonaws.com', eventname: 'CreateNotebookInstance', awsregion: 'eu-west-1',
        useridentity_type: 'AssumedRole', useridentity_arn: 'arn:aws:sts::111122223333:assumed-role/R/alice', useridentity_accountid: '111122223333',
        useridentity_accesskeyid: 'ASIAEXAMPLE', useridentity_sessioncontext_sessionissuer_arn: 'arn:aws:iam::111122223333:role/R',
        resources: JSON.stringify(['arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/nb', null]),
        requestparameters: '{"notebookInstanceName":"nb","instanceType":"ml.p3.16xlarge","volumeSizeInGB":5}',
      }),
    );
    expect(r).toEqual({
      eventTime: '2026-11-27T08:33:14Z', eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateNotebookInstance', awsRegion: 'eu-west-1',
      userIdentity: {
        type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/R/alice', accountId: '111122223333', accessKeyId: 'ASIAEXAMPLE',
        sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/R' } },
      },
      resources: [{ ARN: 'arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/nb' }, {}],
      requestParameters: { notebookInstanceName: 'nb', instanceType: 'ml.p3.16xlarge', volumeSizeInGB: 5 },
    });
  });

  it('says why a row is not a record; a broken JSON column is a RowError', () => {
    expect(recordFromAthenaRow(athenaRow({ eventsource: 'sagemaker.amazonaws.com', eventname: 'X' }))).toBe('not-a-cloudtrail-record');
    expect(() => recordFromAthenaRow(athenaRow({ eventtime: '2026-11-27T08:33:14Z', eventsource: 's', eventname: 'n', requestparameters: '{oops' }))).toThrow(RowError);
    expect(() => recordFromAthenaRow(athenaRow({ eventtime: '2026-11-27T08:33:14Z', eventsource: 's', eventname: 'n', resources: '{"arn":"x"}' }))).toThrow(RowError);
  });

  it('checks the header row', () => {
    expect(() => checkHeader(QUERY_COLUMNS.map(columnName))).not.toThrow();
    expect(() => checkHeader(['eventtime'])).toThrow(RowError);
  });
});

describe('CloudTrail Lake rows to CloudTrail records', () => {
  it('reads single-key cells, Lake times and maps of strings', () => {
    const r = recordFromLakeRow([
      { eventtime: '2026-11-27 08:33:14.000' },
      { eventsource: 'sagemaker.amazonaws.com' },
      { eventname: 'CreatePresignedNotebookInstanceUrl' },
      { errorcode: '' },
      { useridentity_type: 'IAMUser' },
      { useridentity_accesskeyid: 'AKIAIOSFODNN7EXAMPLE' },
      {
        requestparameters: JSON.stringify({
          notebookInstanceName: 'nb', sessionExpirationDurationInSeconds: '43200', rootAccess: 'Enabled', accountLike: '0123',
          lifecycleConfigOnStart: JSON.stringify([{ content: 'IyEvYmluL2Jhc2g=' }]),
        }),
      },
    ]);
    expect(r).toEqual({
      eventTime: '2026-11-27T08:33:14Z', eventSource: 'sagemaker.amazonaws.com', eventName: 'CreatePresignedNotebookInstanceUrl',
      userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      requestParameters: { notebookInstanceName: 'nb', sessionExpirationDurationInSeconds: 43200, rootAccess: 'Enabled', accountLike: '0123', lifecycleConfigOnStart: [{ content: 'IyEvYmluL2Jhc2g=' }] },
    });
  });

  it('converts Lake timestamps to CloudTrail times', () => {
    expect(cloudTrailTimeOf('2026-11-27 08:33:14.000')).toBe('2026-11-27T08:33:14Z');
    expect(cloudTrailTimeOf('2026-11-27 08:33:14.250')).toBe('2026-11-27T08:33:14.250Z');
    expect(() => cloudTrailTimeOf('yesterday')).toThrow(RowError);
  });
});
