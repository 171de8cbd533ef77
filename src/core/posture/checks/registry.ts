/** Checks of the model registry: who outside the account may read or change a model package group. */
import { trustedPrincipals } from '../policy.js';
import { defineCheck } from './check.js';

export const registryChecks = {
  'model-package-group-shared': defineCheck({
    resource: 'model-package-group',
    evaluate: (g, ctx) => {
      const foreign = trustedPrincipals(g.policy).filter((p) => p.account === null || p.account !== ctx.inventory.account);
      if (foreign.length === 0) return null;
      return { reason: `its resource policy grants ${foreign.map((p) => (p.account ? `account ${p.account}` : p.principal)).join(', ')}`, evidence: { principals: foreign.map((p) => p.principal) } };
    },
  }),
};
