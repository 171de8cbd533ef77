/**
 * Routes an SDK client's commands to a fake service module in-process (no HTTP): the adapters talk to
 * the same stateful fakes the wire-level server serves, so apply/re-apply/remove are real round trips.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { FakeAwsError, type ServiceModule } from '../../fake-aws/types.js';

type AnyClientClass = Parameters<typeof mockClient>[0];

export function bridge(client: AnyClientClass, sdk: Record<string, unknown>, module: ServiceModule, region = 'us-east-1', accessKeyId = 'AKIAIOSFODNN7EXAMPLE') {
  const mock = mockClient(client);
  for (const operation of Object.keys(module.handlers)) {
    const Cmd = sdk[`${operation}Command`];
    if (typeof Cmd !== 'function') throw new Error(`no ${operation}Command in the SDK`);
    mock.on(Cmd as never).callsFake(async (input: Record<string, unknown>) => {
      try {
        const out = (await module.handlers[operation]!({ service: module.service, region, operation, input, accessKeyId })) as object;
        return { ...out, $metadata: { requestId: `req-${operation}` } };
      } catch (e) {
        if (!(e instanceof FakeAwsError)) throw e;
        throw Object.assign(new Error(e.message), { name: e.code, ...e.fields, $metadata: { httpStatusCode: e.status, requestId: `req-${operation}` } });
      }
    });
  }
  return mock;
}
