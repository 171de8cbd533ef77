// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, fromConsole, rec, type RuleFixtures } from '../fixture-kit.js';

const createDomain = (extra: Record<string, unknown>, over = {}) =>
  rec('CreateDomain', {
    domainName: 'ds-studio',
    authMode: 'IAM',
    defaultUserSettings: { executionRole: `arn:aws:iam::${ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20261127T000001` },
    subnetIds: ['subnet-0123456789abcdef0'],
    vpcId: 'vpc-0123456789abcdef0',
    ...extra,
  }, over);

export default {
  attack: [
    { name: 'UpdateDomain switching an existing domain to public internet access', records: [rec('UpdateDomain', { domainId: 'd-exampledom01', appNetworkAccessType: 'PublicInternetOnly' })] },
    { name: 'a domain created without AppNetworkAccessType (PublicInternetOnly by default)', records: [createDomain({})] },
    { name: 'a domain created with PublicInternetOnly explicitly', records: [createDomain({ appNetworkAccessType: 'PublicInternetOnly' })] },
  ],
  nearMiss: [
    { name: 'a domain created VpcOnly from the console', records: [createDomain({ appNetworkAccessType: 'VpcOnly' }, fromConsole)] },
    { name: 'an update that leaves the network access unset (a new default role)', records: [rec('UpdateDomain', { domainId: 'd-exampledom01', defaultUserSettings: { studioWebPortal: 'ENABLED' } })] },
    { name: 'an update to VpcOnly', records: [rec('UpdateDomain', { domainId: 'd-exampledom01', appNetworkAccessType: 'VpcOnly' })] },
    { name: 'a denied switch', records: [rec('UpdateDomain', { domainId: 'd-exampledom01', appNetworkAccessType: 'PublicInternetOnly' }, { errorCode: 'AccessDeniedException' })] },
  ],
} satisfies RuleFixtures;
