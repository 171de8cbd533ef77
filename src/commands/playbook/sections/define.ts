import type { ChalkInstance } from 'chalk';
import type { Column } from '../../../view/model.js';
import type { Playbook } from '../../../playbook/load.js';
import type { PlaybookSection } from './types.js';

type Cell = string | number | boolean | null;

/**
 * What a section says about its file; the rest (schema id, document, rows) is the same for every section.
 * Sections import no zod schema: `sm-ir --help` lists them without loading zod.
 */
export interface SectionSpec<K extends keyof Playbook, I extends object> {
  name: string;
  summary: string;
  /** The playbook file shown (the JSON document is that file as loaded). */
  file: K;
  /** The entries: one JSON line, one table row each (`pb` for entries that join another file). */
  items(data: Playbook[K], pb: Playbook): readonly I[];
  columns: readonly Column[];
  row(item: I): Record<string, Cell>;
  /** `pb`: the whole playbook, for what a section shows from another file (a rule's ATT&CK tactics). */
  human(data: Playbook[K], style: ChalkInstance, pb: Playbook): string;
  markdown(data: Playbook[K], pb: Playbook): string;
}

export function defineSection<K extends keyof Playbook, I extends object>(spec: SectionSpec<K, I>): PlaybookSection {
  const schemaId = `sm-ir/playbook-${spec.name}@1`;
  return {
    name: spec.name,
    summary: spec.summary,
    schemaId,
    file: spec.file,
    build(pb) {
      const data = pb[spec.file];
      const items = spec.items(data, pb);
      return {
        schema: schemaId,
        document: data,
        items,
        columns: spec.columns,
        rows: items.map((i) => spec.row(i)),
        human: (style) => spec.human(data, style, pb),
        markdown: () => spec.markdown(data, pb),
      };
    },
  };
}
