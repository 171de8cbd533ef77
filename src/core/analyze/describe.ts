import { assumedRoleOf } from '../classify/principal.js';
import type { Finding, Principal } from '../finding.js';

/**
 * Reading what a finding says about who, how and what: credential kinds, clients and resource
 * types. Heuristics over the fields CloudTrail gives; each label says what it was derived from.
 */

/** "assumed-role/Role/Session" -> the session name. */
export function sessionName(p: Principal): string | null {
  return assumedRoleOf(p.arn)?.session ?? null;
}

function keyKind(key: string | null): string {
  if (!key) return 'no access key recorded';
  if (key.startsWith('AKIA')) return `long-term access key ${key}`;
  if (key.startsWith('ASIA')) return `temporary credentials ${key}`;
  return `access key ${key}`;
}

/** How the principal authenticated, as far as the event shows. */
export function credentialKind(p: Principal): string {
  switch (p.type) {
    case 'Root':
      return `root user (${keyKind(p.accessKeyId)})`;
    case 'IAMUser':
      return p.accessKeyId?.startsWith('ASIA')
        ? `IAM user with temporary credentials ${p.accessKeyId} (console sign-in or GetSessionToken)`
        : `IAM user, ${keyKind(p.accessKeyId)}`;
    case 'AssumedRole': {
      const role = p.issuerArn ?? 'unknown role';
      const session = sessionName(p);
      if (session === 'SageMaker') return `SageMaker execution role session of ${role} (credentials of a notebook instance or job)`;
      if (/:role\/(aws-reserved\/sso\.amazonaws\.com\/)?AWSReservedSSO_/.test(role)) return `IAM Identity Center session (${role}, session ${session ?? '?'})`;
      return `assumed role ${role} (session ${session ?? '?'}, ${keyKind(p.accessKeyId)})`;
    }
    case 'FederatedUser':
      return `federated user (GetFederationToken), ${keyKind(p.accessKeyId)}`;
    case 'IdentityCenterUser':
      return 'IAM Identity Center user';
    case 'AWSService':
      return 'an AWS service acting on its own';
    case null:
      return 'unknown identity type';
    default:
      return `${p.type}, ${keyKind(p.accessKeyId)}`;
  }
}

const CLIENTS: [RegExp, string][] = [
  [/AWS-SageMaker-Python-SDK|sagemaker-python-sdk/i, 'SageMaker Python SDK'],
  [/^aws-cli\//i, 'AWS CLI'],
  [/Boto3\/|botocore\//i, 'AWS SDK for Python (boto3)'],
  [/aws-sdk-js|aws-sdk-nodejs|@aws-sdk\//i, 'AWS SDK for JavaScript'],
  [/aws-sdk-java/i, 'AWS SDK for Java'],
  [/aws-sdk-go/i, 'AWS SDK for Go'],
  [/Terraform/i, 'Terraform'],
  [/cloudformation\.amazonaws\.com/i, 'CloudFormation'],
  [/^console(\.[a-z0-9-]+)*\.amazonaws\.com$|console\.aws\.amazon\.com|signin\.amazonaws\.com/i, 'AWS Management Console'],
  [/^Mozilla\//, 'web browser (console)'],
  [/^AWS Internal$/, 'AWS internal (often the console)'],
  [/^[a-z0-9.-]+\.amazonaws\.com$/, 'an AWS service'],
];

/** The client named by the user agent (reported by the client itself, so forgeable). */
export function clientOf(userAgent: string | null): string {
  if (!userAgent) return 'no user agent';
  for (const [re, label] of CLIENTS) if (re.test(userAgent)) return label;
  return 'other client';
}

/** Short label for a principal in evidence lines. */
export function principalLabel(p: Principal): string {
  return p.arn ?? p.key;
}

export interface ResourceRef {
  /** "sagemaker notebook-instance", "iam role", "s3 object", ... */
  type: string;
  name: string;
}

function kebab(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Evidence keys that name a resource: roleName, notebookInstanceName, policyArn, target, ... */
const NAMING_KEY = /^(target|[a-z][A-Za-z]*(Name|Arn))$/;

function typeFromKey(key: string): string {
  return kebab(key.replace(/(Name|Arn)$/, '')).replace(/^target$/, 'resource');
}

/**
 * The type and name of a resource as a finding names it: from the ARN, an S3/ECR URI, the evidence
 * key that holds the name (notebookInstanceName, roleName), or else the event name's noun.
 */
export function resourceRef(resource: string, f: Pick<Finding, 'eventName' | 'eventSource' | 'evidence'>): ResourceRef {
  const arn = /^arn:aws[a-z-]*:([^:]+):[^:]*:[^:]*:(.+)$/.exec(resource);
  if (arn) {
    const service = arn[1] as string;
    const rest = arn[2] as string;
    const sep = /[/:]/.exec(rest);
    if (service === 's3') return { type: rest.includes('/') ? 's3 object' : 's3 bucket', name: resource };
    return { type: `${service} ${sep ? rest.slice(0, sep.index) : 'resource'}`, name: resource };
  }
  if (resource.startsWith('s3://')) return { type: 's3 location', name: resource };
  if (/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\//.test(resource)) return { type: 'ecr image', name: resource };
  const service = f.eventSource.split('.')[0] ?? f.eventSource;
  const key = Object.entries(f.evidence).find(([k, v]) => NAMING_KEY.test(k) && v === resource)?.[0];
  if (key) return { type: `${service} ${typeFromKey(key)}`, name: resource };
  const noun = f.eventName.replace(/^[A-Z][a-z]+/, '').replace(/^Presigned(.+?)Url$/, '$1');
  return { type: `${service} ${noun ? kebab(noun) : 'resource'}`, name: resource };
}

/**
 * Every resource a finding names: its resources, plus names its evidence holds (IAM events carry no
 * resources, correlations name the notebook) unless an ARN already names the same thing.
 */
export function resourcesOf(f: Finding): ResourceRef[] {
  const names = [...f.resources];
  for (const [k, v] of Object.entries(f.evidence)) {
    if (!NAMING_KEY.test(k) || typeof v !== 'string' || v === '') continue;
    const known = names.some((n) => n === v || n.endsWith(`/${v}`) || n.endsWith(`:${v}`));
    if (!known) names.push(v);
  }
  return names.map((n) => resourceRef(n, f));
}

/**
 * One name per resource: a plain name (nb-pivot) becomes the ARN that other findings give for it
 * (.../notebook-instance/nb-pivot) when exactly one ARN ends with it.
 */
export function canonicalizer(refs: readonly ResourceRef[]): (r: ResourceRef) => ResourceRef {
  const byLast = new Map<string, Map<string, ResourceRef>>();
  for (const r of refs) {
    if (!r.name.startsWith('arn:')) continue;
    const last = r.name.split(/[/:]/).pop() as string;
    byLast.set(last, (byLast.get(last) ?? new Map()).set(r.name, r));
  }
  return (r) => {
    const arns = r.name.startsWith('arn:') ? undefined : byLast.get(r.name);
    return arns?.size === 1 ? ([...arns.values()][0] as ResourceRef) : r;
  };
}

/** "CreateNotebookInstanceLifecycleConfig" -> "notebook-instance-lifecycle-config": what the event acts on. */
function eventNoun(eventName: string): string {
  return kebab(eventName.replace(/^[A-Z][a-z]+/, ''));
}

/**
 * The resources an event acts on (creates, changes, stops), as opposed to those it only names (the role
 * it passes, the image it pulls, the KMS key it uses): those whose type is the longest leading part of
 * the event name's noun (AttachRolePolicy -> the role, CreateEndpointConfig -> the endpoint config),
 * else the one the rule calls its target (PutEventSelectors -> the trail).
 */
export function targetsOf(f: Pick<Finding, 'eventName' | 'evidence'>, refs: readonly ResourceRef[]): ResourceRef[] {
  const noun = eventNoun(f.eventName);
  const kind = (r: ResourceRef) => r.type.slice(r.type.indexOf(' ') + 1);
  const fits = refs.filter((r) => noun === kind(r) || noun.startsWith(`${kind(r)}-`));
  const longest = Math.max(0, ...fits.map((r) => kind(r).length));
  if (fits.length) return fits.filter((r) => kind(r).length === longest);
  const target = f.evidence.target;
  return typeof target === 'string' ? refs.filter((r) => r.name === target || r.name.endsWith(`/${target}`) || r.name.endsWith(`:${target}`)) : [];
}

/** Event ids a finding cites: its event and the correlated ones. */
export function eventIdsOf(f: Finding): string[] {
  return [...new Set([...(f.eventId ? [f.eventId] : []), ...f.relatedEventIds])];
}
