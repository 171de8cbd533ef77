import type { OutputModel } from '../../../view/model.js';
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
  /** The id of its JSON output, sm-ir/playbook-<name>@1. */
  schemaId: string;
  /** The playbook file it shows: its JSON document is that file as loaded, under the file's own schema. */
  file: keyof Playbook;
  build(pb: Playbook): OutputModel;
}
