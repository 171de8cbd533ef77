/** Checks of notebook instances, on what DescribeNotebookInstance returns (an omitted field has AWS's default). */
import { indicatorEvidence, indicatorReason } from '../scripts.js';
import { defineCheck, scriptKey } from './check.js';

export const notebookChecks = {
  'notebook-root-access': defineCheck({
    resource: 'notebook-instance',
    // RootAccess defaults to Enabled when the notebook was created without it.
    evaluate: (nb) => (nb.rootAccess === 'Disabled' ? null : { reason: `RootAccess is ${nb.rootAccess ?? 'Enabled (the default)'}`, evidence: { rootAccess: nb.rootAccess ?? null } }),
  }),
  'notebook-direct-internet': defineCheck({
    resource: 'notebook-instance',
    evaluate: (nb) =>
      nb.directInternetAccess === 'Disabled'
        ? null
        : { reason: `DirectInternetAccess is ${nb.directInternetAccess ?? 'Enabled (the default)'}`, evidence: { directInternetAccess: nb.directInternetAccess ?? null, subnetId: nb.subnetId ?? null } },
  }),
  'notebook-outside-vpc': defineCheck({
    resource: 'notebook-instance',
    evaluate: (nb) => (nb.subnetId ? null : { reason: 'no SubnetId: the notebook runs in the SageMaker service VPC', evidence: { subnetId: null } }),
  }),
  'notebook-volume-no-kms-key': defineCheck({
    resource: 'notebook-instance',
    evaluate: (nb) => (nb.kmsKeyId ? null : { reason: 'no KmsKeyId: the storage volume is encrypted with an AWS managed key only', evidence: { kmsKeyId: null } }),
  }),
  'notebook-imdsv1-allowed': defineCheck({
    resource: 'notebook-instance',
    evaluate: (nb) =>
      nb.imdsMinimum === '2'
        ? null
        : { reason: `MinimumInstanceMetadataServiceVersion is ${nb.imdsMinimum ?? '1 (the default)'}`, evidence: { minimumInstanceMetadataServiceVersion: nb.imdsMinimum ?? null } },
  }),
  'notebook-unsupported-platform': defineCheck({
    resource: 'notebook-instance',
    evaluate: (nb, ctx) =>
      nb.platformIdentifier !== undefined && ctx.unsupportedPlatforms.includes(nb.platformIdentifier)
        ? { reason: `PlatformIdentifier ${nb.platformIdentifier} is no longer supported`, evidence: { platformIdentifier: nb.platformIdentifier } }
        : null,
  }),
  'notebook-lifecycle-attached': defineCheck({
    resource: 'notebook-instance',
    evaluate: (nb) =>
      nb.lifecycleConfigName ? { reason: `runs lifecycle configuration ${nb.lifecycleConfigName} as root on every start`, evidence: { lifecycleConfigName: nb.lifecycleConfigName } } : null,
  }),
  'notebook-runs-suspicious-script': defineCheck({
    resource: 'notebook-instance',
    alsoReads: ['notebook-lifecycle-config'],
    evaluate: (nb, ctx) => {
      if (!nb.lifecycleConfigName) return null;
      const verdict = ctx.notebookScripts.get(scriptKey(nb.region, nb.lifecycleConfigName));
      const reason = verdict && indicatorReason(verdict);
      if (!verdict || !reason) return null;
      return { reason: `lifecycle configuration ${nb.lifecycleConfigName}: ${reason}`, evidence: { lifecycleConfigName: nb.lifecycleConfigName, ...indicatorEvidence(verdict) } };
    },
  }),
};
