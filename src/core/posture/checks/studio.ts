/** Checks of Studio domains, on what DescribeDomain returns. */
import { indicatorEvidence, indicatorReason } from '../scripts.js';
import { defineCheck } from './check.js';

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
    evaluate: (d, ctx) => {
      for (const arn of d.lifecycleConfigArns) {
        const verdict = ctx.studioScripts.get(arn);
        const reason = verdict && indicatorReason(verdict);
        if (verdict && reason) return { reason: `lifecycle configuration ${arn.split('/').pop()}: ${reason}`, evidence: { lifecycleConfigArn: arn, ...indicatorEvidence(verdict) } };
      }
      return null;
    },
  }),
};
