/**
 * The lifecycle-script analyser: one implementation for detect's lifecycle-script-suspicious rule
 * (scripts read from CloudTrail requests) and for posture (scripts read from the account as they are
 * now), so both report the same indicators for the same script. The indicators are the rule's data
 * (src/core/classify/rules/lifecycle-script-suspicious/meta.ts).
 */
import { z } from 'zod';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const pattern = z.string().refine((p) => {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** The indicators' part of the rule's params (validated where the rule is built, and where posture reuses them). */
export const ScriptIndicatorsSchema = z.object({
  maxLineLength: z.number().int().positive(),
  indicators: z.array(z.object({ label: z.string(), pattern })).min(1),
});
export type ScriptIndicatorsData = z.infer<typeof ScriptIndicatorsSchema>;

export interface ScriptAnalyser {
  /** Every non-comment line of `text` that matches an indicator, with the labels it matches. */
  scan(text: string): ScriptHit[];
  /** The same, over lines already split (a container's command, hyperparameter values). */
  scanLines(lines: readonly string[]): ScriptHit[];
}
export interface ScriptHit {
  /** The matching line, trimmed and cut at maxLineLength. */
  line: string;
  labels: string[];
}

/** Decode a lifecycle script; undefined when it is not valid base64 (e.g. redacted in the trail). */
export function decodeScript(content: string): string | undefined {
  const s = content.replace(/\s+/g, '');
  if (s.length === 0 || s.length % 4 !== 0 || !BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('utf8');
}

/** Lines a shell runs: blank lines and comments (the shebang included) are skipped. */
export function scriptLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function createScriptAnalyser(data: ScriptIndicatorsData): ScriptAnalyser {
  const indicators = data.indicators.map((i) => ({ label: i.label, re: new RegExp(i.pattern, 'i') }));
  const scanLines = (lines: readonly string[]): ScriptHit[] => {
    const hits: ScriptHit[] = [];
    for (const line of lines) {
      const labels = indicators.filter((i) => i.re.test(line)).map((i) => i.label);
      if (labels.length > 0) hits.push({ line: line.trim().slice(0, data.maxLineLength), labels });
    }
    return hits;
  };
  return { scan: (text) => scanLines(scriptLines(text)), scanLines };
}
