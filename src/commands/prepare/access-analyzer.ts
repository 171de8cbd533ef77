/**
 * Thin IAM Access Analyzer adapter: ValidatePolicy (policy type SERVICE_CONTROL_POLICY) for each SCP
 * about to be created or updated, every page of findings read. Deciding what they mean is
 * core/prepare/findings.ts's.
 */
import { ValidatePolicyCommand, type AccessAnalyzerClient, type PathElement as SdkPathElement } from '@aws-sdk/client-accessanalyzer';
import { explainAwsError } from '../../aws/errors.js';
import type { PathElement, RawFinding } from '../../core/prepare/findings.js';

function pathElement(el: SdkPathElement): PathElement[] {
  if (el.index !== undefined) return [{ index: el.index }];
  if (el.key !== undefined) return [{ key: el.key }];
  if (el.value !== undefined) return [{ value: el.value }];
  if (el.substring?.start !== undefined && el.substring.length !== undefined) return [{ substring: { start: el.substring.start, length: el.substring.length } }];
  return [];
}

/** `client` is audited (auditedClient): each call is in the log as a read. */
export async function validateScps(client: AccessAnalyzerClient, policies: { name: string; content: string }[], region: string): Promise<RawFinding[]> {
  const out: RawFinding[] = [];
  for (const p of policies) {
    let nextToken: string | undefined;
    do {
      const page = await client
        .send(new ValidatePolicyCommand({ policyDocument: p.content, policyType: 'SERVICE_CONTROL_POLICY', ...(nextToken ? { nextToken } : {}) }))
        .catch((e: unknown) => {
          throw explainAwsError(e, 'access-analyzer', 'ValidatePolicy', 'access-analyzer:ValidatePolicy', region);
        });
      for (const f of page.findings ?? []) {
        out.push({
          policy: p.name,
          document: p.content,
          findingType: f.findingType ?? 'ERROR',
          issueCode: f.issueCode ?? 'UNKNOWN',
          details: f.findingDetails ?? '',
          learnMoreLink: f.learnMoreLink ?? null,
          paths: (f.locations ?? []).map((l) => (l.path ?? []).flatMap(pathElement)),
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return out;
}
