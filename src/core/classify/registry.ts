import type { RegisteredRule } from './rule.js';
import scenarioEvent from './rules/scenario-event/rule.js';
import notebookInsecureConfig from './rules/notebook-insecure-config/rule.js';
import lifecycleScriptSuspicious from './rules/lifecycle-script-suspicious/rule.js';
import notebookLifecyclePersistence from './rules/notebook-lifecycle-persistence/rule.js';
import presignedUrlAccess from './rules/presigned-url-access/rule.js';
import executionRolePassed from './rules/execution-role-passed/rule.js';
import largeInstanceType from './rules/large-instance-type/rule.js';
import creationBurst from './rules/creation-burst/rule.js';
import crossAccountArtifact from './rules/cross-account-artifact/rule.js';
import logTampering from './rules/log-tampering/rule.js';
import sagemakerRoleIamChange from './rules/sagemaker-role-iam-change/rule.js';
import failedCallBurst from './rules/failed-call-burst/rule.js';
import monitoringDisabled from './rules/monitoring-disabled/rule.js';
import modelRegistryTampering from './rules/model-registry-tampering/rule.js';
import executionRoleSessionOutside from './rules/execution-role-session-outside/rule.js';
import inferenceDataRedirect from './rules/inference-data-redirect/rule.js';
import notebookLifecycleRewrite from './rules/notebook-lifecycle-rewrite/rule.js';
import domainPublicInternet from './rules/domain-public-internet/rule.js';
import studioLifecycleAttached from './rules/studio-lifecycle-attached/rule.js';

/** Every rule implementation by folder name (rules/<id>/rule.ts); its metadata is rules/<id>/meta.ts. */
export const RULES: Readonly<Record<string, RegisteredRule>> = {
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
