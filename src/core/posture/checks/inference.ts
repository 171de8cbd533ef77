/** Checks of what serves traffic: the endpoint configurations behind the account's endpoints, and their models. */
import { defineCheck } from './check.js';

/** The account an ARN names (arn:aws:kms:REGION:ACCOUNT:key/...), or undefined. */
const arnAccount = (arn: string | undefined): string | undefined => arn?.match(/^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/)?.[1];
/** An ECR image's registry account (ACCOUNT.dkr.ecr.REGION.amazonaws.com/...), or undefined when it is not ECR. */
export const registryAccount = (image: string): string | undefined => image.match(/^(\d{12})\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//)?.[1];

export const inferenceChecks = {
  'endpoint-config-no-kms-key': defineCheck({
    resource: 'endpoint-config',
    alsoReads: ['endpoint'],
    evaluate: (c) =>
      c.kmsKeyId || c.variants.every((v) => v.serverless) ? null : { reason: 'no KmsKeyId: the instances\' storage volumes use an AWS managed key only', evidence: { kmsKeyId: null, endpoints: c.endpoints } },
  }),
  'endpoint-single-instance': defineCheck({
    resource: 'endpoint-config',
    alsoReads: ['endpoint'],
    evaluate: (c) => {
      // Serverless variants have no instance count; SageMaker scales them.
      const single = c.variants.filter((v) => !v.serverless && (v.initialInstanceCount ?? 1) < 2);
      if (single.length === 0) return null;
      return { reason: `variant${single.length > 1 ? 's' : ''} ${single.map((v) => v.name).join(', ')}: InitialInstanceCount ${single.map((v) => v.initialInstanceCount ?? 1).join(', ')}`, evidence: { variants: single.map((v) => v.name), endpoints: c.endpoints } };
    },
  }),
  'endpoint-data-capture-outside-account': defineCheck({
    resource: 'endpoint-config',
    alsoReads: ['endpoint'],
    evaluate: (c, ctx) => {
      const dc = c.dataCapture;
      const account = arnAccount(dc?.kmsKeyId);
      if (!dc?.enabled || account === undefined || ctx.trustedAccounts.has(account)) return null;
      return { reason: `captured data goes to ${dc.destination ?? 'its destination'} encrypted with a key of account ${account}`, evidence: { destination: dc.destination ?? null, kmsKeyId: dc.kmsKeyId, account, endpoints: c.endpoints } };
    },
  }),
  'model-network-isolation': defineCheck({
    resource: 'model',
    alsoReads: ['endpoint', 'endpoint-config'],
    evaluate: (m) => (m.networkIsolation === true ? null : { reason: 'EnableNetworkIsolation is false: the container can make outbound calls', evidence: { enableNetworkIsolation: m.networkIsolation ?? false, endpoints: m.endpoints } }),
  }),
  'model-outside-vpc': defineCheck({
    resource: 'model',
    alsoReads: ['endpoint', 'endpoint-config'],
    evaluate: (m) => (m.inVpc ? null : { reason: 'no VpcConfig: the container runs in the SageMaker service network', evidence: { vpcConfig: null, endpoints: m.endpoints } }),
  }),
  'model-foreign-image': defineCheck({
    resource: 'model',
    alsoReads: ['endpoint', 'endpoint-config'],
    evaluate: (m, ctx) => {
      const foreign = m.images.filter((i) => {
        const account = registryAccount(i);
        return account === undefined || !ctx.trustedAccounts.has(account);
      });
      if (foreign.length === 0) return null;
      const accounts = foreign.map((i) => registryAccount(i) ?? 'not ECR');
      return { reason: `serves ${foreign[0]} (${accounts[0] === 'not ECR' ? 'not an ECR image' : `account ${accounts[0]}`}) on ${m.endpoints.join(', ')}`, evidence: { images: foreign, accounts, endpoints: m.endpoints } };
    },
  }),
};
