/** Checks of training, processing and transform jobs, recent or still running, on what Describe*Job returns. */
import { defineCheck } from './check.js';
import { registryAccount } from './inference.js';

/** Training and processing jobs choose their network; a transform job runs in its model's (checked with the model). */
const ownNetwork = (type: string): boolean => type !== 'transform';

export const jobChecks = {
  'job-outside-vpc': defineCheck({
    resource: 'job',
    evaluate: (j) => (!ownNetwork(j.type) || j.inVpc ? null : { reason: `${j.type} job without VpcConfig: its containers run in the SageMaker service network`, evidence: { type: j.type, status: j.status ?? null, vpcConfig: null } }),
  }),
  'job-volume-no-kms-key': defineCheck({
    resource: 'job',
    evaluate: (j) => (j.volumeKmsKeyId ? null : { reason: `${j.type} job: its storage volumes have no KMS key of the account`, evidence: { type: j.type, status: j.status ?? null, volumeKmsKeyId: null } }),
  }),
  'job-output-no-kms-key': defineCheck({
    resource: 'job',
    evaluate: (j) => (j.outputKmsKeyId ? null : { reason: `${j.type} job: its output in S3 is written without a KMS key of the account`, evidence: { type: j.type, status: j.status ?? null, outputKmsKeyId: null } }),
  }),
  'job-inter-container-encryption-off': defineCheck({
    resource: 'job',
    evaluate: (j) =>
      !ownNetwork(j.type) || j.interContainerEncryption === true
        ? null
        : { reason: `${j.type} job: EnableInterContainerTrafficEncryption is false: traffic between its instances is not encrypted`, evidence: { type: j.type, enableInterContainerTrafficEncryption: j.interContainerEncryption ?? false } },
  }),
  'job-network-isolation-off': defineCheck({
    resource: 'job',
    evaluate: (j) =>
      !ownNetwork(j.type) || j.networkIsolation === true
        ? null
        : { reason: `${j.type} job: EnableNetworkIsolation is false: its containers can make outbound calls`, evidence: { type: j.type, enableNetworkIsolation: j.networkIsolation ?? false } },
  }),
  'job-foreign-image': defineCheck({
    resource: 'job',
    evaluate: (j, ctx) => {
      const foreign = j.images.filter((i) => {
        const account = registryAccount(i);
        return account === undefined || !ctx.trustedAccounts.has(account);
      });
      if (foreign.length === 0) return null;
      const account = registryAccount(foreign[0]!);
      return { reason: `${j.type} job runs ${foreign[0]} (${account ? `account ${account}` : 'not an ECR image'})`, evidence: { type: j.type, images: foreign, accounts: foreign.map((i) => registryAccount(i) ?? 'not ECR') } };
    },
  }),
};
