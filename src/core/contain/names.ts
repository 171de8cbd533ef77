import { UsageError } from '../../errors.js';

/**
 * Name and ARN checks from the SageMaker and IAM API references, applied before any AWS call so a
 * typo never reaches a destructive API (and never matches a different resource by accident).
 */
export type TargetKind = 'endpoint' | 'endpoint-config' | 'model' | 'model-package' | 'domain' | 'user-profile' | 'space' | 'notebook' | 'lifecycle-config' | 'job' | 'tuning-job' | 'role' | 'user';
/** IAM's targets: their ARNs are global (no region) and carry a path before the name. */
const IAM_KINDS: readonly TargetKind[] = ['role', 'user'];

const SM_NAME = (max: number) => ({ pattern: new RegExp(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,${max - 1}}$`), max });
const RULES: Record<TargetKind, { pattern: RegExp; max: number; arnType: string | null; example: string }> = {
  endpoint: { ...SM_NAME(63), arnType: 'endpoint', example: 'my-endpoint' },
  'endpoint-config': { ...SM_NAME(63), arnType: 'endpoint-config', example: 'my-endpoint-config' },
  model: { ...SM_NAME(63), arnType: 'model', example: 'my-model' },
  // A registry version is GROUP/VERSION (its ARN: model-package/group/3); an unversioned package is its name alone.
  'model-package': { pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}(\/[1-9][0-9]{0,9})?$/, max: 74, arnType: 'model-package', example: 'fraud-models/3' },
  notebook: { ...SM_NAME(63), arnType: 'notebook-instance', example: 'my-notebook' },
  'lifecycle-config': { ...SM_NAME(63), arnType: 'notebook-instance-lifecycle-config', example: 'my-lifecycle-config' },
  job: { ...SM_NAME(63), arnType: null, example: 'my-training-job' },
  // HyperParameterTuningJobName: at most 32 characters.
  'tuning-job': { ...SM_NAME(32), arnType: 'hyper-parameter-tuning-job', example: 'my-tuning-job' },
  domain: { pattern: /^d-(-*[a-z0-9]){1,61}$/, max: 63, arnType: 'domain', example: 'd-xxxxxxxxxxxx' },
  // DOMAIN/NAME, as their ARNs hold them (user-profile/d-xxx/alice): a profile or space name is unique in its domain only.
  'user-profile': { pattern: /^d-(-*[a-z0-9]){1,61}\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, max: 127, arnType: 'user-profile', example: 'd-xxxxxxxxxxxx/alice' },
  space: { pattern: /^d-(-*[a-z0-9]){1,61}\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, max: 127, arnType: 'space', example: 'd-xxxxxxxxxxxx/team-space' },
  role: { pattern: /^[\w+=,.@-]{1,64}$/, max: 64, arnType: 'role', example: 'MySageMakerRole' },
  user: { pattern: /^[\w+=,.@-]{1,64}$/, max: 64, arnType: 'user', example: 'ci-deployer' },
};

/** AccessKeyId in the IAM API reference: [\w]+, 16 to 128 characters (AWS's are AKIA... and 20 long). */
const ACCESS_KEY_ID = /^\w{16,128}$/;

/** An access key id as given to --access-key-id, checked before any AWS call. */
export function parseAccessKeyId(input: string): string {
  if (!ACCESS_KEY_ID.test(input)) {
    throw new UsageError(`'${input}' is not a valid access key id`, 'access key ids match [\\w]{16,128}, e.g. AKIAIOSFODNN7EXAMPLE');
  }
  return input;
}

export const JOB_ARN_TYPES = {
  training: 'training-job',
  processing: 'processing-job',
  transform: 'transform-job',
  tuning: 'hyper-parameter-tuning-job',
} as const;
export type JobType = keyof typeof JOB_ARN_TYPES;
export const JOB_TYPES = ['training', 'processing', 'transform', 'tuning'] as const satisfies readonly JobType[];

export interface ParsedTarget {
  name: string;
  /** From an ARN: the account it names, checked against the caller's account once known. */
  account: string | null;
  /** From an ARN: its partition (that of --region, checked here), checked against the caller's once known. */
  partition: string | null;
}

/** The partition a region belongs to (AWS's partitions: aws, aws-cn, aws-us-gov). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The partition of an ARN (arn:PARTITION:...), or null when it is not one. */
export function arnPartition(arn: string): string | null {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? null;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z]+):([a-z0-9-]*):(\d{12}):(.+)$/;

/** Accept a name or an ARN of the right type; an ARN must be in `region` (IAM ARNs have none). */
export function parseTarget(kind: TargetKind, input: string, region: string, jobType?: JobType): ParsedTarget {
  const rule = RULES[kind];
  const arnType = kind === 'job' && jobType ? JOB_ARN_TYPES[jobType] : rule.arnType;
  let name = input;
  let account: string | null = null;
  let partition: string | null = null;
  if (input.startsWith('arn:')) {
    const m = ARN.exec(input);
    if (!m) throw new UsageError(`'${input}' is not a valid ARN`);
    const [, arnPartition, service, arnRegion, acct, resource] = m as unknown as [string, string, string, string, string, string];
    // A resource of another partition cannot be reached from this region's endpoint: never look it up by name there.
    if (arnPartition !== partitionOf(region)) {
      throw new UsageError(`'${input}' is in partition ${arnPartition}, but region ${region} is in ${partitionOf(region)}`, 'pass a --region of its partition, with credentials of that partition');
    }
    const iam = IAM_KINDS.includes(kind);
    const wantService = iam ? 'iam' : 'sagemaker';
    const slash = resource.indexOf('/');
    const type = slash < 0 ? resource : resource.slice(0, slash);
    if (service !== wantService || type !== arnType) {
      throw new UsageError(`'${input}' is not the ARN of a ${kind}`, `expected arn:aws:${wantService}:...:${arnType}/...`);
    }
    if (!iam && arnRegion !== region) {
      throw new UsageError(`'${input}' is in region ${arnRegion}, not ${region}`, `pass --region ${arnRegion}`);
    }
    // Role and user ARNs carry a path (role/path/name); the name is the last part. A SageMaker ARN
    // holds the name alone after its type: endpoint/../../x is not endpoint x. SageMaker ARNs lower-case names.
    name = iam ? resource.slice(resource.lastIndexOf('/') + 1) : resource.slice(slash + 1);
    account = acct;
    partition = arnPartition;
  }
  if (name.length > rule.max || !rule.pattern.test(name)) {
    throw new UsageError(
      `'${name}' is not a valid ${kind} name${name.length > rule.max ? ` (longer than ${rule.max} characters)` : ''}`,
      `${kind} names match ${rule.pattern.source} (at most ${rule.max} characters), e.g. ${rule.example}`,
    );
  }
  return { name, account, partition };
}
