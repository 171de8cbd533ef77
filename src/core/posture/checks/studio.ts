/** Checks of Studio domains, on what DescribeDomain returns. */
import { indicatorEvidence, indicatorReason } from '../scripts.js';
import { defineCheck, type CheckContext, type Verdict } from './check.js';

/** The first flagged script among the Studio lifecycle configurations a domain, profile or space runs. */
function flaggedScript(arns: readonly string[], ctx: CheckContext): Verdict {
  for (const arn of arns) {
    const verdict = ctx.studioScripts.get(arn);
    const reason = verdict && indicatorReason(verdict);
    if (verdict && reason) return { reason: `lifecycle configuration ${arn.split('/').pop()}: ${reason}`, evidence: { lifecycleConfigArn: arn, ...indicatorEvidence(verdict) } };
  }
  return null;
}

export const studioChecks = {
  'domain-public-internet': defineCheck({
    resource: 'domain',
    // PublicInternetOnly is the default when the domain was created without the field.
    evaluate: (d) =>
      d.appNetworkAccessType === 'VpcOnly'
        ? null
        : { reason: `AppNetworkAccessType is ${d.appNetworkAccessType ?? 'PublicInternetOnly (the default)'}`, evidence: { appNetworkAccessType: d.appNetworkAccessType ?? null } },
  }),
  'domain-no-kms-key': defineCheck({
    resource: 'domain',
    evaluate: (d) => (d.kmsKeyId ? null : { reason: 'no KmsKeyId: its storage is encrypted with an AWS managed key only', evidence: { kmsKeyId: null } }),
  }),
  'domain-runs-suspicious-script': defineCheck({
    resource: 'domain',
    alsoReads: ['studio-lifecycle-config'],
    evaluate: (d, ctx) => flaggedScript(d.lifecycleConfigArns, ctx),
  }),
  'user-profile-runs-suspicious-script': defineCheck({
    resource: 'user-profile',
    alsoReads: ['studio-lifecycle-config'],
    evaluate: (p, ctx) => flaggedScript(p.lifecycleConfigArns, ctx),
  }),
  'space-runs-suspicious-script': defineCheck({
    resource: 'space',
    alsoReads: ['studio-lifecycle-config'],
    evaluate: (s, ctx) => flaggedScript(s.lifecycleConfigArns, ctx),
  }),
};
