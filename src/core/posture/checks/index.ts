import type { BoundCheck } from './check.js';
import { inferenceChecks } from './inference.js';
import { lifecycleChecks } from './lifecycle.js';
import { notebookChecks } from './notebook.js';
import { jobChecks } from './jobs.js';
import { registryChecks } from './registry.js';
import { roleChecks } from './roles.js';
import { studioChecks } from './studio.js';

/** Every check's code by id; playbook/posture.json holds their metadata, and evaluation fails when the two disagree. */
export const CHECKS: Readonly<Record<string, BoundCheck>> = {
  ...notebookChecks, ...lifecycleChecks, ...studioChecks, ...inferenceChecks, ...jobChecks, ...roleChecks, ...registryChecks,
};
