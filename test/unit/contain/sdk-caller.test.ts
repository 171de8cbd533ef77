import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, DescribeModelCommand, DeleteEndpointCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { sdkCaller } from '../../../src/commands/contain/sdk-caller.js';
import { Gatherer } from '../../../src/core/contain/gather.js';
import { CallFailure, isNotFound } from '../../../src/core/contain/caller.js';

const sm = mockClient(SageMakerClient);
const iam = mockClient(IAMClient);
afterEach(() => {
  sm.reset();
  iam.reset();
});

describe('sdkCaller', () => {
  it('sends the named command with its input and returns the output and request id', async () => {
    sm.on(DeleteEndpointCommand, { EndpointName: 'ep' }).resolves({ $metadata: { requestId: 'rid-1' } });
    const caller = sdkCaller('us-east-1', {});
    expect(await caller.call('sagemaker', 'DeleteEndpoint', { EndpointName: 'ep' })).toEqual({ output: {}, requestId: 'rid-1' });
    expect(sm.commandCalls(DeleteEndpointCommand)[0]?.args[0].input).toEqual({ EndpointName: 'ep' });
  });

  it("SageMaker's 'Could not find' and IAM's NoSuchEntity read as not found", async () => {
    // SageMaker models no ValidationException class: the SDK gives a generic error with that name.
    sm.on(DescribeEndpointCommand).rejects(Object.assign(new Error('Could not find endpoint "arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep".'), { name: 'ValidationException', $metadata: {} }));
    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'The role with name X cannot be found.', $metadata: {} }));
    const caller = sdkCaller('us-east-1', {});
    await expect(caller.call('sagemaker', 'DescribeEndpoint', { EndpointName: 'ep' })).rejects.toSatisfy(isNotFound);
    await expect(caller.call('iam', 'GetRole', { RoleName: 'X' })).rejects.toSatisfy(isNotFound);
  });

  it('failures come back as domain errors: kind, code and request id, no SDK shape', async () => {
    sm.on(DeleteEndpointCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { requestId: 'rid-d' } }));
    sm.on(DescribeEndpointCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { requestId: 'rid-t' } }));
    const caller = sdkCaller('us-east-1', {});
    const denied = await caller.call('sagemaker', 'DeleteEndpoint', { EndpointName: 'ep' }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(CallFailure);
    expect(denied).toMatchObject({ kind: 'access-denied', code: 'AccessDeniedException', requestId: 'rid-d' });
    expect((denied as CallFailure).explain('sagemaker:DeleteEndpoint', 'us-east-1')).toMatchObject({ hint: expect.stringContaining('sagemaker:DeleteEndpoint') });
    await expect(caller.call('sagemaker', 'DescribeEndpoint', { EndpointName: 'ep' })).rejects.toMatchObject({ kind: 'throttled', code: 'ThrottlingException', requestId: 'rid-t' });
  });

  it('gathering through the SDK keeps the answers as evidence and maps the inventory', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: 'ep', EndpointArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep', EndpointConfigName: 'cfg', EndpointStatus: 'InService', CreationTime: new Date('2026-11-01T00:00:00Z') });
    sm.on(ListTagsCommand).resolves({ Tags: [{ Key: 'owner', Value: 'mallory' }] });
    sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'cfg', EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/cfg', ProductionVariants: [{ VariantName: 'v', ModelName: 'm' }] });
    sm.on(DescribeModelCommand).resolves({ ModelName: 'm', ModelArn: 'arn:aws:sagemaker:us-east-1:111122223333:model/m', ExecutionRoleArn: 'arn:aws:iam::111122223333:role/Exec', PrimaryContainer: { Image: 'img', ModelDataUrl: 's3://b/m.tar.gz' } });
    const g = new Gatherer(sdkCaller('us-east-1', {}), 'us-east-1');
    await g.forAction('delete-endpoint', ['ep'], {});
    expect(g.inventory.endpoints).toEqual({ ep: { status: 'InService', configName: 'cfg' } });
    // What the endpoint served is evidence even when its config and models are kept.
    expect(g.evidence.map((e) => e.file)).toEqual([
      '001-DescribeEndpoint-ep.json',
      '002-ListTags-ep-tags.json',
      '003-DescribeEndpointConfig-cfg.json',
      '004-ListTags-cfg-tags.json',
      '005-DescribeModel-m.json',
      '006-ListTags-m-tags.json',
    ]);
    expect(JSON.parse(g.evidence[0]!.content).response.CreationTime).toBe('2026-11-01T00:00:00.000Z');
  });

  it('an access-denied read names the missing permission', async () => {
    sm.on(DescribeEndpointCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: {} }));
    const g = new Gatherer(sdkCaller('us-east-1', {}), 'us-east-1');
    await expect(g.forAction('delete-endpoint', ['ep'], {})).rejects.toMatchObject({ hint: expect.stringContaining('sagemaker:DescribeEndpoint') });
  });
});
