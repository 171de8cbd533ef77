import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { defineRule, eventAccount, isObject, makeFinding, succeeded, valueAt } from '../../rule.js';

const ECR_IMAGE = /\b(\d{12})\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//g;

/** Every string in the request with its field path (depth-bounded). */
function* strings(value: unknown, path: string, depth = 0): Generator<[string, string]> {
  if (depth > 8) return;
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`, depth + 1);
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k, depth + 1);
}

/**
 * Rule 8: ECR image URIs and ARNs (S3 access points, KMS keys, SageMaker resources) in the request
 * that belong to another account than the event's. Plain bucket names reveal no account: not judged, and
 * images from AWS's own registries (playbook/aws-registries.json) are not another account's.
 */
export default defineRule({
  id: 'cross-account-artifact',
  paramsSchema: z.object({
    source: z.string(),
    arnServices: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
    trustedAccounts: z.array(z.string().regex(/^\d{12}$/)),
    trustedAccountsNote: z.string().optional(),
    /** Where a request turns network isolation on (a model, a training, tuning or processing job). */
    isolationPaths: z.array(z.string()).min(1),
    /** A foreign image whose container cannot reach the network: still foreign code, less reach. */
    isolatedImageSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params, playbook }) {
    const arn = new RegExp(`\\barn:aws[a-z-]*:(${params.arnServices.join('|')}):[a-z0-9-]*:(\\d{12}):`, 'g');
    // Your own shared accounts, and the registries of SageMaker's prebuilt images (AWS's, in every region).
    const trusted = new Set([...params.trustedAccounts, ...playbook.awsRegistries.registries.flatMap((r) => Object.values(r.accounts))]);
    return {
      reads: { events: [{ source: params.source, names: '*' }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const own = eventAccount(r);
        if (!own) return;
        const found: string[] = [];
        const accounts = new Set<string>();
        const resources: string[] = [];
        let foreignImage = false;
        for (const [path, value] of strings(r.requestParameters, '')) {
          const images = [...value.matchAll(ECR_IMAGE)].map((m) => m[1] as string);
          const isForeign = (a: string) => a !== own && !trusted.has(a);
          if (images.some(isForeign)) foreignImage = true;
          const foreign = [...images, ...[...value.matchAll(arn)].map((m) => m[2] as string)].filter(isForeign);
          if (foreign.length === 0) continue;
          for (const a of foreign) accounts.add(a);
          found.push(`${path}: ${value}`);
          resources.push(value);
        }
        if (found.length === 0) return;
        // A foreign container that can reach the network can send out what it reads, with the role's credentials.
        const isolated = foreignImage && params.isolationPaths.some((p) => valueAt(r.requestParameters, p) === true);
        const isolation = !foreignImage ? '' : isolated ? ' (network isolation on)' : ' (no network isolation: the foreign container reaches the internet)';
        emit(
          makeFinding(r, meta, {
            ...(isolated ? { severity: params.isolatedImageSeverity } : {}),
            reason: `${r.eventName} names ${found.length === 1 ? 'an artifact' : `${found.length} artifacts`} in account ${[...accounts].join(', ')} (event account ${own}): ${found[0]}${isolation}`,
            resources,
            evidence: { artifacts: found, foreignAccounts: [...accounts], eventAccount: own, ...(foreignImage ? { networkIsolation: isolated } : {}) },
          }),
        );
      },
    };
  },
});
