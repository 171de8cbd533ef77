import { z } from 'zod';
import { defineRule, isObject, makeFinding, requestParam, succeeded, valueAt } from '../../rule.js';
import { ScriptIndicatorsSchema, createScriptAnalyser, decodeScript } from '../../script-analysis.js';

/** The strings of a request value: itself, an array's, or an object's values (hyperparameters). */
const texts = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : isObject(v) ? Object.values(v).filter((x): x is string => typeof x === 'string') : [];

/**
 * Rule 3: the scripts of a lifecycle configuration (a notebook's OnCreate/OnStart lists, a Studio
 * configuration's one content string), base64-decoded and matched line by line against the indicators
 * in the data, and the commands a processing or training job's container runs; evidence is the first
 * matching line and its hook.
 */
export default defineRule({
  id: 'lifecycle-script-suspicious',
  paramsSchema: ScriptIndicatorsSchema.extend({
    source: z.string(),
    events: z.array(z.string()).min(1),
    /** request field -> hook name shown to the user */
    hooks: z.record(z.string(), z.string()),
    /** Per job API, the request paths of the command its container runs (entrypoint and arguments: one line) and of hyperparameters (one line each). */
    commands: z.record(z.string(), z.object({ command: z.array(z.string()), lines: z.array(z.string()) })),
  }),
  create({ meta, params }) {
    const analyser = createScriptAnalyser(params);
    return {
      reads: { events: [{ source: params.source, names: [...params.events, ...Object.keys(params.commands)] }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const hits: { hook: string; line: string; labels: string[] }[] = [];
        const undecodable: string[] = [];
        const job = params.commands[r.eventName];
        if (job) {
          // ["bash", "-c"] + ["curl … | sh"]: what the container runs, read as one shell line.
          const command = job.command.flatMap((p) => texts(valueAt(r.requestParameters, p))).join(' ');
          for (const hit of analyser.scanLines([command])) hits.push({ hook: 'container command', ...hit });
          const lines = job.lines.flatMap((p) => texts(valueAt(r.requestParameters, p)));
          for (const hit of analyser.scanLines(lines)) hits.push({ hook: 'hyperparameters', ...hit });
        }
        for (const [field, hook] of Object.entries(params.hooks)) {
          const value = requestParam(r, field);
          // A notebook's hooks are lists of { content }; a Studio configuration's content is one string.
          const scripts = typeof value === 'string' ? [{ content: value }] : Array.isArray(value) ? value : [];
          for (const s of scripts) {
            const content = isObject(s) ? s.content : undefined;
            if (typeof content !== 'string') continue;
            const text = decodeScript(content);
            if (text === undefined) {
              undecodable.push(hook);
              continue;
            }
            for (const hit of analyser.scan(text)) hits.push({ hook, ...hit });
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
