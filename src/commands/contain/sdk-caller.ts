import { createClient, type AwsOptions } from '../../aws/clients.js';
import type { AwsCaller, ContainService } from '../../core/contain/caller.js';
import { toCallFailure } from './call-failure.js';

type Sendable = { send(command: unknown): Promise<Record<string, unknown> & { $metadata?: { requestId?: string } }> };
type CommandCtor = new (input: Record<string, unknown>) => unknown;

const MODULES: Record<ContainService, () => Promise<Record<string, unknown>>> = {
  sagemaker: () => import('../../aws/sdk/sagemaker.js'),
  iam: () => import('../../aws/sdk/iam.js'),
  sts: () => import('../../aws/sdk/sts.js'),
  s3: () => import('../../aws/sdk/s3.js'),
};

/** AwsCaller over the SDK: one client per service, made on first use from createClient(); failures become CallFailures. */
export function sdkCaller(region: string, options: AwsOptions): AwsCaller {
  const clients = new Map<ContainService, Promise<Sendable>>();
  return {
    async call(service, operation, input) {
      if (!clients.has(service)) clients.set(service, createClient(service, region, options) as Promise<unknown> as Promise<Sendable>);
      const client = await clients.get(service)!;
      const Command = (await MODULES[service]())[`${operation}Command`] as CommandCtor | undefined;
      if (!Command) throw new Error(`no ${operation} in the ${service} SDK`);
      try {
        const { $metadata, ...output } = await client.send(new Command(input));
        return { output, requestId: $metadata?.requestId ?? null };
      } catch (e) {
        throw toCallFailure(e, service, operation);
      }
    },
  };
}
