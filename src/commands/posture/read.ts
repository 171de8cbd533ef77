/**
 * Reads what posture checks, through the narrow ReadCaller: every region in parallel, every listing
 * paginated, describes a few at a time (the caller paces them). A listing or a describe that fails
 * leaves a gap naming the call and the IAM permission it needs, and the rest is read; only broken
 * credentials stop the run.
 */
import { awsErrorCode, explainAwsError, isCredentialProblem } from '../../aws/errors.js';
import type { Inventory, LifecycleConfig, NotebookInstance, ReadGap } from '../../core/posture/inventory.js';
import type { PostureResource } from '../../playbook/posture-schema.js';
import type { PostureService, ReadCaller } from './caller.js';

/** Describes in flight per region: enough to keep the pacer busy whatever the round trip. */
const CONCURRENCY = 8;
const PAGE_SIZE = 100;

type Item = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

class RegionReader {
  readonly gaps: ReadGap[] = [];
  constructor(
    private readonly caller: ReadCaller,
    readonly region: string,
  ) {}

  private gap(resource: PostureResource, service: PostureService, operation: string, err: unknown, name?: string): void {
    if (isCredentialProblem(err)) throw explainAwsError(err, service, operation, `${service}:${operation}`, this.region);
    const e = err as { message?: unknown };
    this.gaps.push({
      resource,
      region: this.region,
      ...(name !== undefined ? { name } : {}),
      service,
      operation,
      permission: `${service}:${operation}`,
      code: awsErrorCode(err) ?? null,
      message: typeof e?.message === 'string' ? e.message : String(err),
    });
  }

  /** Every item of a paginated listing; undefined (and a gap) when it could not be listed in full. */
  async list(resource: PostureResource, operation: string, itemsKey: string): Promise<Item[] | undefined> {
    const items: Item[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.caller.call('sagemaker', this.region, operation, { MaxResults: PAGE_SIZE, ...(token ? { NextToken: token } : {}) });
        items.push(...((out[itemsKey] as Item[] | undefined) ?? []));
        token = str(out.NextToken);
      } while (token);
    } catch (err) {
      this.gap(resource, 'sagemaker', operation, err);
      return undefined;
    }
    return items;
  }

  /** Describe each listed item; one that fails is a gap, the others are read. */
  async describeEach<T>(resource: PostureResource, operation: string, names: string[], input: (name: string) => Item, build: (out: Item, name: string) => T): Promise<T[]> {
    const results = await mapLimit(names, CONCURRENCY, async (name) => {
      try {
        return build(await this.caller.call('sagemaker', this.region, operation, input(name)), name);
      } catch (err) {
        this.gap(resource, 'sagemaker', operation, err, name);
        return undefined;
      }
    });
    return results.filter((r): r is Awaited<T> => r !== undefined);
  }
}

function notebook(region: string, out: Item, name: string): NotebookInstance {
  const imds = (out.InstanceMetadataServiceConfiguration ?? {}) as Item;
  const optional = {
    status: str(out.NotebookInstanceStatus),
    rootAccess: str(out.RootAccess),
    directInternetAccess: str(out.DirectInternetAccess),
    subnetId: str(out.SubnetId),
    kmsKeyId: str(out.KmsKeyId),
    imdsMinimum: str(imds.MinimumInstanceMetadataServiceVersion),
    platformIdentifier: str(out.PlatformIdentifier),
    lifecycleConfigName: str(out.NotebookInstanceLifecycleConfigName),
    roleArn: str(out.RoleArn),
  };
  return {
    region,
    name: str(out.NotebookInstanceName) ?? name,
    arn: str(out.NotebookInstanceArn) ?? name,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<NotebookInstance>),
  };
}

function notebookLifecycleConfig(region: string, out: Item, name: string): LifecycleConfig {
  const scripts = (hook: string) => ((out[hook] as Item[] | undefined) ?? []).map((s) => ({ hook, content: str(s.Content) ?? '' }));
  return {
    region,
    name: str(out.NotebookInstanceLifecycleConfigName) ?? name,
    arn: str(out.NotebookInstanceLifecycleConfigArn) ?? name,
    scripts: [...scripts('OnCreate'), ...scripts('OnStart')],
  };
}

async function readRegion(caller: ReadCaller, region: string) {
  const r = new RegionReader(caller, region);
  const [notebookInstances, notebookLifecycleConfigs] = await Promise.all([
    r.list('notebook-instance', 'ListNotebookInstances', 'NotebookInstances').then((items) =>
      r.describeEach(
        'notebook-instance',
        'DescribeNotebookInstance',
        (items ?? []).map((i) => str(i.NotebookInstanceName)).filter((n): n is string => n !== undefined),
        (name) => ({ NotebookInstanceName: name }),
        (out, name) => notebook(region, out, name),
      ),
    ),
    r.list('notebook-lifecycle-config', 'ListNotebookInstanceLifecycleConfigs', 'NotebookInstanceLifecycleConfigs').then((items) =>
      r.describeEach(
        'notebook-lifecycle-config',
        'DescribeNotebookInstanceLifecycleConfig',
        (items ?? []).map((i) => str(i.NotebookInstanceLifecycleConfigName)).filter((n): n is string => n !== undefined),
        (name) => ({ NotebookInstanceLifecycleConfigName: name }),
        (out, name) => notebookLifecycleConfig(region, out, name),
      ),
    ),
  ]);
  return { notebookInstances, notebookLifecycleConfigs, gaps: r.gaps };
}

export async function readInventory(caller: ReadCaller, regions: readonly string[], home: string): Promise<Inventory> {
  let account: string | null = null;
  try {
    account = str((await caller.call('sts', home, 'GetCallerIdentity')).Account) ?? null;
  } catch (err) {
    throw explainAwsError(err, 'sts', 'GetCallerIdentity', 'sts:GetCallerIdentity', home);
  }
  const perRegion = await Promise.all(regions.map((region) => readRegion(caller, region)));
  return {
    account,
    regions: [...regions],
    notebookInstances: perRegion.flatMap((r) => r.notebookInstances),
    notebookLifecycleConfigs: perRegion.flatMap((r) => r.notebookLifecycleConfigs),
    gaps: perRegion.flatMap((r) => r.gaps),
  };
}
