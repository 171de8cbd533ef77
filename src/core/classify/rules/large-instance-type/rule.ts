import { z } from 'zod';
import { defineRule, isObject, makeFinding, succeeded } from '../../rule.js';

/** Every string value under a key named `field` (any case), at any depth: covers resourceConfig,
 *  productionVariants[], tuning job definitions, resourceSpec, cluster instance groups. */
function collect(value: unknown, field: string, depth: number, out: Set<string>): void {
  if (depth > 8) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, field, depth + 1, out);
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.toLowerCase() === field && typeof v === 'string') out.add(v);
      else collect(v, field, depth + 1, out);
    }
  }
}

/** Rule 7: GPU/accelerated families and sizes at or above a threshold, from the data. */
export default defineRule({
  id: 'large-instance-type',
  paramsSchema: z.object({
    source: z.string(),
    events: z.array(z.string()).min(1),
    instanceTypeField: z.string(),
    acceleratedFamilies: z.array(z.string().regex(/^[a-z]+$/)).min(1),
    minLargeSize: z.number().int().positive(),
  }),
  create({ meta, params }) {
    // ml.<family letters><generation digit>[suffix].<size>, e.g. ml.g5.12xlarge, ml.p4d.24xlarge
    const accelerated = new RegExp(`^ml\\.(${params.acceleratedFamilies.join('|')})\\d[a-z0-9-]*\\.`);
    const why = (type: string): string | undefined => {
      if (accelerated.test(type)) return 'GPU/accelerated family';
      const size = /\.(\d+)xlarge$/.exec(type);
      if (size && Number(size[1]) >= params.minLargeSize) return `size >= ${params.minLargeSize}xlarge`;
      return undefined;
    };
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const types = new Set<string>();
        collect(r.requestParameters, params.instanceTypeField.toLowerCase(), 0, types);
        const flagged = [...types].flatMap((t) => {
          const w = why(t);
          return w ? [`${t} (${w})`] : [];
        });
        if (flagged.length === 0) return;
        emit(
          makeFinding(r, meta, {
            reason: `${r.eventName} asked for ${flagged.join(', ')}`,
            evidence: { instanceTypes: [...types].filter((t) => why(t) !== undefined), why: flagged },
          }),
        );
      },
    };
  },
});
