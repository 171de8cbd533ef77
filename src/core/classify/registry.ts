import type { RegisteredRule } from './rule.js';
import scenarioEvent from './rules/scenario-event.js';
import notebookInsecureConfig from './rules/notebook-insecure-config.js';
import lifecycleScriptSuspicious from './rules/lifecycle-script-suspicious.js';
import notebookLifecyclePersistence from './rules/notebook-lifecycle-persistence.js';
import presignedUrlAccess from './rules/presigned-url-access.js';
import executionRolePassed from './rules/execution-role-passed.js';
import largeInstanceType from './rules/large-instance-type.js';
import creationBurst from './rules/creation-burst.js';
import crossAccountArtifact from './rules/cross-account-artifact.js';
import logTampering from './rules/log-tampering.js';
import sagemakerRoleIamChange from './rules/sagemaker-role-iam-change.js';
import failedCallBurst from './rules/failed-call-burst.js';

/** Every rule implementation; playbook/rules.json must name exactly these ids. */
export const RULES: readonly RegisteredRule[] = [
  scenarioEvent,
  notebookInsecureConfig,
  lifecycleScriptSuspicious,
  notebookLifecyclePersistence,
  presignedUrlAccess,
  executionRolePassed,
  largeInstanceType,
  creationBurst,
  crossAccountArtifact,
  logTampering,
  sagemakerRoleIamChange,
  failedCallBurst,
];
