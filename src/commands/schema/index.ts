import { z } from 'zod';
import { OUTPUT_SCHEMAS } from '../../core/schemas.js';
import { UsageError } from '../../errors.js';

export async function run(id: string | undefined): Promise<number> {
  if (id === undefined) {
    for (const [name, s] of Object.entries(OUTPUT_SCHEMAS)) process.stdout.write(`${name}\t${s.description}\n`);
    return 0;
  }
  const entry = OUTPUT_SCHEMAS[id];
  if (!entry) throw new UsageError(`unknown schema '${id}'`, `known: ${Object.keys(OUTPUT_SCHEMAS).join(', ')}`);
  const json = z.toJSONSchema(entry.schema, { target: 'draft-2020-12' });
  process.stdout.write(`${JSON.stringify({ $id: id, description: entry.description, ...json }, null, 2)}\n`);
  return 0;
}
