import { z } from 'zod';
import { OUTPUT_SCHEMAS } from './registry.js';
import { UsageError } from '../../errors.js';

/** The documented output models: id and one line on who writes it (`sm-ir schema` without an id). */
export function listSchemas(): { id: string; description: string }[] {
  return Object.entries(OUTPUT_SCHEMAS).map(([id, s]) => ({ id, description: s.description }));
}

/** The JSON Schema `sm-ir schema <id>` prints (also the source of docs/reference/schemas/). */
export function schemaDocument(id: string): object {
  const entry = OUTPUT_SCHEMAS[id];
  if (!entry) throw new UsageError(`unknown schema '${id}'`, `known: ${Object.keys(OUTPUT_SCHEMAS).join(', ')}`);
  return { $id: id, description: entry.description, ...z.toJSONSchema(entry.schema, { target: 'draft-2020-12' }) };
}

export async function run(id: string | undefined): Promise<number> {
  if (id === undefined) {
    for (const s of listSchemas()) process.stdout.write(`${s.id}\t${s.description}\n`);
    return 0;
  }
  process.stdout.write(`${JSON.stringify(schemaDocument(id), null, 2)}\n`);
  return 0;
}
