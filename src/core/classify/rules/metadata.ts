// The metadata of every rule, one folder per rule (rules/<id>/meta.ts). Kept in step with the folders by
// test/unit/classify/rule-folders.test.ts. Imports nothing but data: src/playbook loads it.

import scenarioEvent from './scenario-event/meta.js';
import notebookInsecureConfig from './notebook-insecure-config/meta.js';
import lifecycleScriptSuspicious from './lifecycle-script-suspicious/meta.js';
import notebookLifecyclePersistence from './notebook-lifecycle-persistence/meta.js';
import presignedUrlAccess from './presigned-url-access/meta.js';
import executionRolePassed from './execution-role-passed/meta.js';
import largeInstanceType from './large-instance-type/meta.js';
import creationBurst from './creation-burst/meta.js';
import crossAccountArtifact from './cross-account-artifact/meta.js';
import logTampering from './log-tampering/meta.js';
import sagemakerRoleIamChange from './sagemaker-role-iam-change/meta.js';
import failedCallBurst from './failed-call-burst/meta.js';
import monitoringDisabled from './monitoring-disabled/meta.js';
import modelRegistryTampering from './model-registry-tampering/meta.js';
import executionRoleSessionOutside from './execution-role-session-outside/meta.js';
import inferenceDataRedirect from './inference-data-redirect/meta.js';
import notebookLifecycleRewrite from './notebook-lifecycle-rewrite/meta.js';
import domainPublicInternet from './domain-public-internet/meta.js';
import studioLifecycleAttached from './studio-lifecycle-attached/meta.js';

/** Each rule folder's name and its metadata, in the playbook's order. */
export const RULE_METADATA: Readonly<Record<string, unknown>> = {
  'scenario-event': scenarioEvent,
  'notebook-insecure-config': notebookInsecureConfig,
  'lifecycle-script-suspicious': lifecycleScriptSuspicious,
  'notebook-lifecycle-persistence': notebookLifecyclePersistence,
  'presigned-url-access': presignedUrlAccess,
  'execution-role-passed': executionRolePassed,
  'large-instance-type': largeInstanceType,
  'creation-burst': creationBurst,
  'cross-account-artifact': crossAccountArtifact,
  'log-tampering': logTampering,
  'sagemaker-role-iam-change': sagemakerRoleIamChange,
  'failed-call-burst': failedCallBurst,
  'monitoring-disabled': monitoringDisabled,
  'model-registry-tampering': modelRegistryTampering,
  'execution-role-session-outside': executionRoleSessionOutside,
  'inference-data-redirect': inferenceDataRedirect,
  'notebook-lifecycle-rewrite': notebookLifecycleRewrite,
  'domain-public-internet': domainPublicInternet,
  'studio-lifecycle-attached': studioLifecycleAttached,
};
