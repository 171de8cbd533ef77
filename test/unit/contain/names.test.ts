import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src/core/contain/names.js';
import { UsageError } from '../../../src/errors.js';

describe('parseTarget', () => {
  it('accepts SageMaker names up to 63 characters and rejects longer or malformed ones', () => {
    expect(parseTarget('endpoint', 'fraud-model-prod', 'us-east-1')).toEqual({ name: 'fraud-model-prod', account: null, partition: null });
    expect(parseTarget('endpoint', `a${'b'.repeat(62)}`, 'us-east-1').name).toHaveLength(63);
    for (const bad of [`a${'b'.repeat(63)}`, '-leading', 'trailing-', 'under_score', 'dot.name', '', 'a b']) {
      expect(() => parseTarget('endpoint', bad, 'us-east-1'), bad).toThrow(UsageError);
    }
  });

  it('allows repeated hyphens as the API pattern does', () => {
    expect(parseTarget('notebook', 'a--b', 'us-east-1').name).toBe('a--b');
  });

  it('limits tuning job names to 32 characters', () => {
    expect(parseTarget('tuning-job', 'x'.repeat(32), 'us-east-1').name).toHaveLength(32);
    expect(() => parseTarget('tuning-job', 'x'.repeat(33), 'us-east-1')).toThrow(/longer than 32 characters/);
  });

  it('checks domain ids against d-...', () => {
    expect(parseTarget('domain', 'd-abc123def456', 'us-east-1').name).toBe('d-abc123def456');
    expect(() => parseTarget('domain', 'my-domain', 'us-east-1')).toThrow(UsageError);
    expect(() => parseTarget('domain', 'd-ABC', 'us-east-1')).toThrow(UsageError);
  });

  it("refuses an ARN of another partition than --region's before any call (issue 15)", () => {
    expect(() => parseTarget('endpoint', 'arn:aws-cn:sagemaker:us-east-1:111122223333:endpoint/prod-ep', 'us-east-1')).toThrow(
      "'arn:aws-cn:sagemaker:us-east-1:111122223333:endpoint/prod-ep' is in partition aws-cn, but region us-east-1 is in aws",
    );
    expect(() => parseTarget('role', 'arn:aws-us-gov:iam::111122223333:role/MlOps', 'us-east-1')).toThrow(/partition aws-us-gov/);
    expect(parseTarget('endpoint', 'arn:aws-cn:sagemaker:cn-north-1:111122223333:endpoint/prod-ep', 'cn-north-1').partition).toBe('aws-cn');
    expect(parseTarget('role', 'arn:aws-us-gov:iam::111122223333:role/MlOps', 'us-gov-west-1')).toEqual({ name: 'MlOps', account: '111122223333', partition: 'aws-us-gov' });
    expect(() => parseTarget('endpoint', 'arn:aws-iso:sagemaker:us-east-1:111122223333:endpoint/x', 'us-east-1')).toThrow('is not a valid ARN');
  });

  it('takes the name and account from an ARN of the right type and region', () => {
    expect(parseTarget('endpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/prod-ep', 'us-east-1')).toEqual({ name: 'prod-ep', account: '111122223333', partition: 'aws' });
    expect(() => parseTarget('endpoint', 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/prod-ep', 'us-east-1')).toThrow(/region eu-west-1/);
    expect(() => parseTarget('endpoint', 'arn:aws:sagemaker:us-east-1:111122223333:model/prod-ep', 'us-east-1')).toThrow(/not the ARN of a endpoint/);
    expect(() => parseTarget('endpoint', 'arn:aws:sagemaker:us-east-1:1111:endpoint/x', 'us-east-1')).toThrow(/not a valid ARN/);
    // The whole rest after the type is the name (issue 15): a path never resolves to another resource.
    expect(() => parseTarget('endpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/../../x', 'us-east-1')).toThrow("'../../x' is not a valid endpoint name");
    expect(parseTarget('role', 'arn:aws:iam::111122223333:role/service/team/Victim', 'us-east-1').name).toBe('Victim');
    expect(parseTarget('job', 'arn:aws:sagemaker:us-east-1:111122223333:processing-job/p1', 'us-east-1', 'processing').name).toBe('p1');
    expect(() => parseTarget('job', 'arn:aws:sagemaker:us-east-1:111122223333:training-job/p1', 'us-east-1', 'processing')).toThrow(UsageError);
  });

  it('takes role names from role ARNs with paths, in any region', () => {
    expect(parseTarget('role', 'arn:aws:iam::444455556666:role/service-role/AmazonSageMaker-ExecutionRole-2024', 'eu-west-1')).toEqual({
      name: 'AmazonSageMaker-ExecutionRole-2024',
      account: '444455556666',
      partition: 'aws',
    });
    expect(() => parseTarget('role', 'role with spaces', 'us-east-1')).toThrow(UsageError);
    expect(() => parseTarget('role', 'x'.repeat(65), 'us-east-1')).toThrow(UsageError);
  });
});
