import { PassThrough } from 'node:stream';
import { toCallFailure } from '../../../src/commands/contain/call-failure.js';
import type { AwsCaller } from '../../../src/core/contain/caller.js';
import { FakeAwsError, type ServiceModule } from '../../fake-aws/types.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/**
 * AwsCaller straight onto the fake service modules (no HTTP): errors shaped like the SDK's (name =
 * the error code, $metadata.requestId) go through the adapter's toCallFailure, as sdkCaller's do;
 * STS answers the caller identity.
 */
export function fakeCaller(modules: ServiceModule[], account = ACCOUNT): AwsCaller & { log: string[] } {
  let n = 0;
  const log: string[] = [];
  return {
    log,
    async call(service, operation, input) {
      const requestId = `req-${String(++n).padStart(4, '0')}`;
      log.push(`${service}:${operation}`);
      if (service === 'sts' && operation === 'GetCallerIdentity') {
        return { output: { Account: account, Arn: `arn:aws:iam::${account}:user/responder`, UserId: 'AIDAEXAMPLEUSERID0001' }, requestId };
      }
      const mod = modules.find((m) => m.service === service);
      const h = mod?.handlers[operation];
      if (!h) throw toCallFailure(Object.assign(new Error(`fake ${service} has no ${operation}`), { name: 'UnknownOperationException' }), service, operation);
      try {
        const output = (await h({ service, region: REGION, operation, input, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })) as Record<string, unknown>;
        return { output: output ?? {}, requestId };
      } catch (e) {
        if (e instanceof FakeAwsError) throw toCallFailure(Object.assign(new Error(e.message), { name: e.code, $metadata: { httpStatusCode: e.status, requestId } }), service, operation);
        throw e;
      }
    },
  };
}

/** Output streams that collect what was written (not TTYs). */
export function sink(): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough();
  let buf = '';
  s.on('data', (d: Buffer) => (buf += d.toString()));
  return Object.assign(s, { text: () => buf, isTTY: false }) as unknown as NodeJS.WriteStream & { text: () => string };
}
