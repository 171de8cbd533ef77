import { parseOutputFormat } from '../../output/formats.js';
import { render } from '../../output/render.js';
import { chalkFor } from '../../output/terminal.js';
import { loadPlaybook } from '../../playbook/load.js';
import { playbookModel, selectSections } from './model.js';
import { PLAYBOOK_FORMATS } from './formats.js';

export interface PlaybookOptions {
  section?: string;
  output: string;
}

/** Print one section of the playbook data, or all of them. The section is checked before any file is read. */
export async function run(opts: PlaybookOptions, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const format = parseOutputFormat(opts.output, PLAYBOOK_FORMATS);
  const sections = selectSections(opts.section);
  out.write(render(playbookModel(loadPlaybook(), sections), format, chalkFor(out)));
  return 0;
}
