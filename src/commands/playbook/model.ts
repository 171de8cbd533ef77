import { UsageError } from '../../errors.js';
import type { OutputModel } from '../../view/model.js';
import type { Playbook } from '../../playbook/load.js';
import { SECTIONS, type PlaybookSection } from './sections/index.js';
import { PLAYBOOK_SCHEMA_ID } from './schema.js';

/** The playbook's text is AWS's, under CC-BY-4.0: every view of it says so. */
export const ATTRIBUTION =
  'Playbook content from "Incident Response Playbook: Responding to SageMaker Security Events", (c) Amazon Web Services, Inc., ' +
  'CC-BY-4.0 (https://github.com/aws-samples/aws-customer-playbook-framework, docs/Responding to SageMaker.md), with corrections by sm-ir.';

/** The sections to show: one by name, or all of them in registry order. */
export function selectSections(name: string | undefined, registry: readonly PlaybookSection[] = SECTIONS): readonly PlaybookSection[] {
  if (name === undefined) return registry;
  const found = registry.find((s) => s.name === name);
  if (!found) throw new UsageError(`unknown playbook section '${name}'`, `use one of: ${registry.map((s) => s.name).join(', ')}`);
  return [found];
}

/** One section's model as is, or all sections under one document; both carry the attribution. */
export function playbookModel(pb: Playbook, sections: readonly PlaybookSection[]): OutputModel {
  const built = sections.map((s) => ({ section: s, model: s.build(pb) }));
  const [only] = built;
  if (built.length === 1 && only) {
    const m = only.model;
    return {
      ...m,
      // A file with its own attribution (SCPs, questions...) keeps it: it says what sm-ir corrected.
      document: { attribution: ATTRIBUTION, ...m.document },
      human: (style) => `${m.human ? m.human(style) : ''}\n${style.dim(ATTRIBUTION)}\n`,
      markdown: () => `${m.markdown ? m.markdown() : ''}\n${ATTRIBUTION}\n`,
    };
  }
  return {
    schema: PLAYBOOK_SCHEMA_ID,
    document: {
      sections: Object.fromEntries(built.map(({ section, model }) => [section.name, { schema: model.schema, ...model.document }])),
      attribution: ATTRIBUTION,
    },
    items: built.map(({ section, model }) => ({ section: section.name, schema: model.schema, ...model.document })),
    columns: [
      { key: 'section', header: 'Section' },
      { key: 'summary', header: 'Contents' },
      { key: 'entries', header: 'Entries' },
    ],
    rows: built.map(({ section, model }) => ({ section: section.name, summary: section.summary, entries: model.items.length })),
    human: (style) => `${built.map(({ model }) => (model.human ? model.human(style) : '')).join('\n')}\n${style.dim(ATTRIBUTION)}\n`,
    markdown: () => `# SageMaker incident response playbook\n\n${built.map(({ model }) => (model.markdown ? model.markdown() : '')).join('\n')}\n${ATTRIBUTION}\n`,
  };
}
