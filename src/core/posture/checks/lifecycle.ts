/** Checks of lifecycle configurations: their decoded scripts, through detect's analyser and the secret patterns. */
import { indicatorEvidence, indicatorReason, type ScriptVerdict } from '../scripts.js';
import { defineCheck, scriptKey, type Verdict } from './check.js';

function secretVerdict(secrets: ScriptVerdict['secrets']): Verdict {
  const first = secrets[0];
  if (!first) return null;
  const labels = [...new Set(secrets.map((s) => s.label))];
  return {
    reason: `${first.hook} script: ${labels.join('; ')}: ${first.line}`,
    evidence: { secrets: secrets.map((s) => ({ hook: s.hook, kind: s.label, masked: s.masked, line: s.line })) },
  };
}

export const lifecycleChecks = {
  'lifecycle-script-suspicious': defineCheck({
    resource: 'notebook-lifecycle-config',
    evaluate: (lc, ctx) => {
      const verdict = ctx.notebookScripts.get(scriptKey(lc.region, lc.name));
      const reason = verdict && indicatorReason(verdict);
      if (!verdict || !reason) return null;
      const usedBy = ctx.inventory.notebookInstances.filter((nb) => nb.region === lc.region && nb.lifecycleConfigName === lc.name).map((nb) => nb.name);
      return { reason, evidence: { ...indicatorEvidence(verdict), usedBy } };
    },
  }),
  'lifecycle-script-secret': defineCheck({
    resource: 'notebook-lifecycle-config',
    evaluate: (lc, ctx) => secretVerdict(ctx.notebookScripts.get(scriptKey(lc.region, lc.name))?.secrets ?? []),
  }),
  'studio-lifecycle-script-suspicious': defineCheck({
    resource: 'studio-lifecycle-config',
    evaluate: (lc, ctx) => {
      const verdict = ctx.studioScripts.get(lc.arn);
      const reason = verdict && indicatorReason(verdict);
      if (!verdict || !reason) return null;
      const usedBy = ctx.inventory.domains.filter((d) => d.lifecycleConfigArns.includes(lc.arn)).map((d) => d.name);
      return { reason, evidence: { ...indicatorEvidence(verdict), usedByDomains: usedBy } };
    },
  }),
  'studio-lifecycle-script-secret': defineCheck({
    resource: 'studio-lifecycle-config',
    evaluate: (lc, ctx) => secretVerdict(ctx.studioScripts.get(lc.arn)?.secrets ?? []),
  }),
};
