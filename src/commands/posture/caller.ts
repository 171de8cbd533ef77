/**
 * posture's one door to AWS: a read call by service, region and operation. The SDK implementation
 * paces each (service, region) to the playbook's rate (retries included, through the same pacer),
 * retries throttling and 5xx with backoff, and counts every request sent.
 */
import { createClient, DEFAULT_MAX_ATTEMPTS, type AwsOptions } from '../../aws/clients.js';
import { pacedRetryStrategy } from '../../aws/retry.js';
import { Pacer } from '../../sources/lookup-events/pacer.js';
import type { CallStats } from '../../core/posture/evaluate.js';

export type PostureService = 'sagemaker' | 'sts' | 'iam';

/** The narrow interface the reader needs (tests give it a map of answers). */
export interface ReadCaller {
  call(service: PostureService, region: string, operation: string, input?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

type Sendable = { send(command: unknown): Promise<Record<string, unknown>>; destroy(): void };
type CommandCtor = new (input: Record<string, unknown>) => unknown;

const MODULES: Record<PostureService, () => Promise<Record<string, unknown>>> = {
  sagemaker: () => import('../../aws/sdk/sagemaker.js'),
  sts: () => import('../../aws/sdk/sts.js'),
  iam: () => import('../../aws/sdk/iam.js'),
};

export interface SdkReadCaller extends ReadCaller {
  stats(): CallStats;
  close(): void;
}

/** `pacing`: calls per second per region for each service (playbook/posture.json); a service not named is not paced. */
export function sdkReadCaller(aws: AwsOptions, pacing: Readonly<Record<string, number>>): SdkReadCaller {
  const clients = new Map<string, Promise<Sendable>>();
  const pacers = new Map<string, Pacer>();
  const stats: CallStats = { total: 0, retries: 0, throttled: 0, byOperation: {} };
  const pacerFor = (service: PostureService, region: string): Pacer | undefined => {
    const rate = pacing[service];
    if (rate === undefined) return undefined;
    const key = `${service}/${region}`;
    if (!pacers.has(key)) pacers.set(key, new Pacer(1000 / rate));
    return pacers.get(key);
  };
  return {
    async call(service, region, operation, input = {}) {
      const key = `${service}/${region}`;
      const pacer = pacerFor(service, region);
      if (!clients.has(key)) {
        const retryStrategy = pacedRetryStrategy({
          maxAttempts: DEFAULT_MAX_ATTEMPTS,
          // A retry is one more request: it waits its turn like any other.
          beforeRetry: async () => {
            await pacer?.take();
            stats.total++;
            stats.retries++;
          },
          onRetry: (info) => {
            if (info.errorType === 'THROTTLING') stats.throttled++;
          },
        });
        clients.set(key, createClient(service, region, { ...aws, retryStrategy }) as Promise<unknown> as Promise<Sendable>);
      }
      const client = await clients.get(key)!;
      const Command = (await MODULES[service]())[`${operation}Command`] as CommandCtor | undefined;
      if (!Command) throw new Error(`no ${operation} in the ${service} SDK`);
      await pacer?.take();
      stats.total++;
      stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
      const { $metadata: _metadata, ...output } = await client.send(new Command(input));
      return output;
    },
    stats: () => stats,
    close() {
      for (const c of clients.values()) void c.then((x) => x.destroy());
    },
  };
}
