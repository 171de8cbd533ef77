import { z } from 'zod';
import { playbookFileSchema } from '../../playbook/load.js';
import { SECTIONS, type PlaybookSection } from './sections/index.js';

/** `sm-ir playbook --output json`: every section under one document. */
export const PLAYBOOK_SCHEMA_ID = 'sm-ir/playbook@1';

/** A section's document as it appears inside the whole playbook: its schema id and its file. */
const nested = (s: PlaybookSection) => z.object({ schema: z.literal(s.schemaId), ...(playbookFileSchema(s.file).shape as z.ZodRawShape) });

/** The JSON schemas of `sm-ir playbook`, built from the section registry so a new section is documented with no extra step. */
export function playbookSchemas(): Record<string, { description: string; schema: z.ZodType }> {
  const whole = z.object({
    schema: z.literal(PLAYBOOK_SCHEMA_ID),
    sections: z.object(Object.fromEntries(SECTIONS.map((s) => [s.name, nested(s)]))),
    attribution: z.string(),
  });
  return {
    [PLAYBOOK_SCHEMA_ID]: { description: 'playbook --output json (every section)', schema: whole },
    ...Object.fromEntries(
      SECTIONS.map((s) => [s.schemaId, { description: `playbook ${s.name} --output json`, schema: nested(s).extend({ attribution: z.string() }) }]),
    ),
  };
}
