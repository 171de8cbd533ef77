import { describe, expect, it } from 'vitest';
import { createSageMaker } from '../../fake-aws/services/sagemaker.js';
import { createIam } from '../../fake-aws/services/iam.js';
import { FakeAwsError, type ServiceModule } from '../../fake-aws/types.js';

function clock() {
  let t = 1_800_000_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const call = (m: ServiceModule, operation: string, input: Record<string, unknown> = {}) =>
  m.handlers[operation]!({ service: m.service, region: 'us-east-1', operation, input, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }) as Record<string, unknown>;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof FakeAwsError ? e.code : 'not-a-fake-error';
  }
  return 'no-error';
};

describe('fake SageMaker', () => {
  it('notebook: InService -> Stopping -> Stopped after the delay; update needs Stopped; start needs Stopped', () => {
    const c = clock();
    const sm = createSageMaker({ delayMs: 1000, now: c.now });
    sm.seed.notebook('nb1');
    const m = sm.module;
    expect(code(() => call(m, 'UpdateNotebookInstance', { NotebookInstanceName: 'nb1', RootAccess: 'Disabled' }))).toBe('ValidationException');
    call(m, 'StopNotebookInstance', { NotebookInstanceName: 'nb1' });
    expect(call(m, 'DescribeNotebookInstance', { NotebookInstanceName: 'nb1' }).NotebookInstanceStatus).toBe('Stopping');
    expect(code(() => call(m, 'StopNotebookInstance', { NotebookInstanceName: 'nb1' }))).toBe('ValidationException');
    c.advance(1000);
    expect(call(m, 'DescribeNotebookInstance', { NotebookInstanceName: 'nb1' }).NotebookInstanceStatus).toBe('Stopped');
    call(m, 'UpdateNotebookInstance', { NotebookInstanceName: 'nb1', RootAccess: 'Disabled' });
    expect(call(m, 'DescribeNotebookInstance', { NotebookInstanceName: 'nb1' })).toMatchObject({ NotebookInstanceStatus: 'Updating', RootAccess: 'Disabled' });
    expect(code(() => call(m, 'StartNotebookInstance', { NotebookInstanceName: 'nb1' }))).toBe('ValidationException');
    c.advance(1000);
    call(m, 'StartNotebookInstance', { NotebookInstanceName: 'nb1' });
    c.advance(1000);
    expect(call(m, 'DescribeNotebookInstance', { NotebookInstanceName: 'nb1' }).NotebookInstanceStatus).toBe('InService');
    expect(code(() => call(m, 'DescribeNotebookInstance', { NotebookInstanceName: 'other' }))).toBe('ValidationException');
  });

  it('endpoint: Deleting, then gone; unknown names answer ValidationException "Could not find"', () => {
    const c = clock();
    const sm = createSageMaker({ delayMs: 500, now: c.now });
    sm.seed.endpoint('ep', 'cfg');
    call(sm.module, 'DeleteEndpoint', { EndpointName: 'ep' });
    expect(call(sm.module, 'DescribeEndpoint', { EndpointName: 'ep' }).EndpointStatus).toBe('Deleting');
    c.advance(500);
    expect(() => call(sm.module, 'DescribeEndpoint', { EndpointName: 'ep' })).toThrow(/Could not find endpoint/);
    expect(code(() => call(sm.module, 'DeleteModel', { ModelName: 'm' }))).toBe('ValidationException');
  });

  it('domain: ResourceInUse while profiles or spaces remain; those while apps run', () => {
    const c = clock();
    const sm = createSageMaker({ delayMs: 100, now: c.now });
    sm.seed.domain('d-abc123def456');
    sm.seed.userProfile('d-abc123def456', 'alice');
    sm.seed.space('d-abc123def456', 'private', 'alice');
    sm.seed.app({ domainId: 'd-abc123def456', appType: 'JupyterLab', appName: 'lab', userProfileName: null, spaceName: 'private' });
    const m = sm.module;
    const d = { DomainId: 'd-abc123def456' };
    sm.seed.app({ domainId: 'd-abc123def456', appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null, status: 'Pending' });
    expect(code(() => call(m, 'DeleteApp', { ...d, AppType: 'JupyterServer', AppName: 'default', UserProfileName: 'alice' }))).toBe('ResourceInUse');
    c.advance(100);
    call(m, 'DeleteApp', { ...d, AppType: 'JupyterServer', AppName: 'default', UserProfileName: 'alice' });
    expect(code(() => call(m, 'DeleteDomain', d))).toBe('ResourceInUse');
    expect(code(() => call(m, 'DeleteUserProfile', { ...d, UserProfileName: 'alice' }))).toBe('ResourceInUse');
    expect(code(() => call(m, 'DeleteSpace', { ...d, SpaceName: 'private' }))).toBe('ResourceInUse');
    call(m, 'DeleteApp', { ...d, AppType: 'JupyterLab', AppName: 'lab', SpaceName: 'private' });
    c.advance(100);
    expect(call(m, 'DescribeApp', { ...d, AppType: 'JupyterLab', AppName: 'lab', SpaceName: 'private' }).Status).toBe('Deleted');
    call(m, 'DeleteSpace', { ...d, SpaceName: 'private' });
    c.advance(100);
    call(m, 'DeleteUserProfile', { ...d, UserProfileName: 'alice' });
    c.advance(100);
    call(m, 'DeleteDomain', { ...d, RetentionPolicy: { HomeEfsFileSystem: 'Retain' } });
    expect(sm.state.domains.get('d-abc123def456')?.retention).toBe('Retain');
    c.advance(100);
    expect(code(() => call(m, 'DescribeDomain', d))).toBe('ResourceNotFound');
  });

  it('endpoint still Creating: DeleteEndpoint refused until it is InService', () => {
    const c = clock();
    const sm = createSageMaker({ delayMs: 500, now: c.now });
    sm.seed.endpoint('ep', 'cfg', 'Creating');
    expect(code(() => call(sm.module, 'DeleteEndpoint', { EndpointName: 'ep' }))).toBe('ValidationException');
    c.advance(500);
    expect(call(sm.module, 'DescribeEndpoint', { EndpointName: 'ep' }).EndpointStatus).toBe('InService');
    call(sm.module, 'DeleteEndpoint', { EndpointName: 'ep' });
  });

  it("a domain's home EFS is kept with Retain and goes with Delete; unknown jobs answer ResourceNotFound", () => {
    const c = clock();
    const sm = createSageMaker({ delayMs: 10, now: c.now });
    sm.seed.domain('d-keep00000000');
    sm.seed.domain('d-drop00000000');
    const [keep, drop] = [...sm.state.homeEfs];
    call(sm.module, 'DeleteDomain', { DomainId: 'd-keep00000000', RetentionPolicy: { HomeEfsFileSystem: 'Retain' } });
    call(sm.module, 'DeleteDomain', { DomainId: 'd-drop00000000', RetentionPolicy: { HomeEfsFileSystem: 'Delete' } });
    c.advance(10);
    expect(code(() => call(sm.module, 'DescribeDomain', { DomainId: 'd-keep00000000' }))).toBe('ResourceNotFound');
    expect([...sm.state.homeEfs]).toEqual([keep]);
    expect(drop).not.toBe(keep);
    expect(code(() => call(sm.module, 'DescribeTrainingJob', { TrainingJobName: 'nope' }))).toBe('ResourceNotFound');
  });

  it('jobs stop only from InProgress; injected faults fire once', () => {
    const c = clock();
    const sm = createSageMaker({ delayMs: 10, now: c.now });
    sm.seed.job('processing', 'p1');
    sm.failNext('StopProcessingJob', 'ThrottlingException');
    expect(code(() => call(sm.module, 'StopProcessingJob', { ProcessingJobName: 'p1' }))).toBe('ThrottlingException');
    call(sm.module, 'StopProcessingJob', { ProcessingJobName: 'p1' });
    c.advance(10);
    expect(call(sm.module, 'DescribeProcessingJob', { ProcessingJobName: 'p1' }).ProcessingJobStatus).toBe('Stopped');
    expect(code(() => call(sm.module, 'StopProcessingJob', { ProcessingJobName: 'p1' }))).toBe('ValidationException');
  });
});

describe('fake IAM', () => {
  it('roles and inline policies, NoSuchEntity when missing, documents URL-encoded', () => {
    const iam = createIam();
    iam.seed.role('exec');
    expect(code(() => call(iam.module, 'GetRole', { RoleName: 'ghost' }))).toBe('NoSuchEntity');
    call(iam.module, 'PutRolePolicy', { RoleName: 'exec', PolicyName: 'deny', PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' });
    expect(call(iam.module, 'ListRolePolicies', { RoleName: 'exec' }).PolicyNames).toEqual(['deny']);
    expect(decodeURIComponent(String(call(iam.module, 'GetRolePolicy', { RoleName: 'exec', PolicyName: 'deny' }).PolicyDocument))).toContain('2012-10-17');
    expect(code(() => call(iam.module, 'PutRolePolicy', { RoleName: 'exec', PolicyName: 'bad', PolicyDocument: '{' }))).toBe('MalformedPolicyDocument');
    expect(code(() => call(iam.module, 'GetRolePolicy', { RoleName: 'exec', PolicyName: 'nope' }))).toBe('NoSuchEntity');
    iam.seed.role('AWSServiceRoleForAmazonSageMakerNotebooks', { path: '/aws-service-role/sagemaker.amazonaws.com/' });
    expect(code(() => call(iam.module, 'PutRolePolicy', { RoleName: 'AWSServiceRoleForAmazonSageMakerNotebooks', PolicyName: 'deny', PolicyDocument: '{}' }))).toBe('UnmodifiableEntity');
  });
});
