import type { OutputModel } from '../../../output/formats.js';
import type { Playbook } from '../../../playbook/load.js';

/**
 * One section of `sm-ir playbook`: how a loaded playbook file turns into an output model.
 * The model's human and markdown views start with the section's own heading.
 */
export interface PlaybookSection {
  /** The CLI name: `sm-ir playbook <name>`. */
  name: string;
  /** One line for the section index and help. */
  summary: string;
  build(pb: Playbook): OutputModel;
}
