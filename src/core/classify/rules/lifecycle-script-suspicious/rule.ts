import { z } from 'zod';
import { defineRule, isObject, makeFinding, requestParam, succeeded } from '../../rule.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decode a lifecycle script; undefined when it is not valid base64 (e.g. redacted in the trail). */
export function decodeScript(content: string): string | undefined {
  const s = content.replace(/\s+/g, '');
  if (s.length === 0 || s.length % 4 !== 0 || !BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('utf8');
}

/**
 * Rule 3: the OnCreate/OnStart scripts of a lifecycle configuration, base64-decoded and matched
 * line by line against the indicators in the data; evidence is the first matching line and its hook.
 */
export default defineRule({
  id: 'lifecycle-script-suspicious',
  paramsSchema: z.object({
    source: z.string(),
    events: z.array(z.string()).min(1),
    /** request field -> hook name shown to the user */
    hooks: z.record(z.string(), z.string()),
    maxLineLength: z.number().int().positive(),
    indicators: z
      .array(
        z.object({
          label: z.string(),
          pattern: z.string().refine((p) => {
            try {
              new RegExp(p, 'i');
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression'),
        }),
      )
      .min(1),
  }),
  create({ meta, params }) {
    const indicators = params.indicators.map((i) => ({ label: i.label, re: new RegExp(i.pattern, 'i') }));
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const hits: { hook: string; line: string; labels: string[] }[] = [];
        const undecodable: string[] = [];
        for (const [field, hook] of Object.entries(params.hooks)) {
          const scripts = requestParam(r, field);
          if (!Array.isArray(scripts)) continue;
          for (const s of scripts) {
            const content = isObject(s) ? s.content : undefined;
            if (typeof content !== 'string') continue;
            const text = decodeScript(content);
            if (text === undefined) {
              undecodable.push(hook);
              continue;
            }
            for (const raw of text.split(/\r?\n/)) {
              const line = raw.trim();
              if (line === '' || line.startsWith('#')) continue;
              const labels = indicators.filter((i) => i.re.test(line)).map((i) => i.label);
              if (labels.length > 0) hits.push({ hook, line: line.slice(0, params.maxLineLength), labels });
            }
          }
        }
        const first = hits[0];
        if (!first) return;
        const labels = [...new Set(hits.flatMap((h) => h.labels))];
        emit(
          makeFinding(r, meta, {
            reason: `${first.hook} script: ${labels.join('; ')}: ${first.line}`,
            evidence: {
              hook: first.hook,
              line: first.line,
              indicators: labels,
              matchingLines: hits.map((h) => `${h.hook}: ${h.line}`),
              ...(undecodable.length > 0 ? { undecodableHooks: undecodable } : {}),
            },
          }),
        );
      },
    };
  },
});
