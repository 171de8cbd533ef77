/**
 * Every lifecycle script posture reads, analysed once: detect's indicators (the same analyser and data
 * as the lifecycle-script-suspicious rule) and the secrets in it.
 */
import { createScriptAnalyser, decodeScript, type ScriptIndicatorsData } from '../classify/script-analysis.js';
import type { LifecycleScript } from './inventory.js';
import { createSecretScanner, type SecretHit, type SecretPattern } from './secrets.js';

export interface ScriptVerdict {
  /** Lines matching detect's indicators, with their hook. */
  hits: { hook: string; line: string; labels: string[] }[];
  secrets: (SecretHit & { hook: string })[];
  /** Hooks whose content is not base64: not analysed, and said so. */
  undecodable: string[];
}

export function createScriptJudge(indicators: ScriptIndicatorsData, secretPatterns: readonly SecretPattern[]): (scripts: readonly LifecycleScript[]) => ScriptVerdict {
  const analyser = createScriptAnalyser(indicators);
  const scanSecrets = createSecretScanner(secretPatterns, indicators.maxLineLength);
  return (scripts) => {
    const verdict: ScriptVerdict = { hits: [], secrets: [], undecodable: [] };
    for (const { hook, content } of scripts) {
      const text = decodeScript(content);
      if (text === undefined) {
        if (content.trim() !== '') verdict.undecodable.push(hook);
        continue;
      }
      for (const hit of analyser.scan(text)) verdict.hits.push({ hook, ...hit });
      for (const s of scanSecrets(text)) verdict.secrets.push({ hook, ...s });
    }
    return verdict;
  };
}

/** detect's reason line for the same script: `OnStart script: <labels>: <first line>`. */
export function indicatorReason(v: ScriptVerdict): string | undefined {
  const first = v.hits[0];
  if (!first) return undefined;
  const labels = [...new Set(v.hits.flatMap((h) => h.labels))];
  return `${first.hook} script: ${labels.join('; ')}: ${first.line}`;
}

export function indicatorEvidence(v: ScriptVerdict): Record<string, unknown> {
  const first = v.hits[0];
  return {
    ...(first ? { hook: first.hook, line: first.line } : {}),
    indicators: [...new Set(v.hits.flatMap((h) => h.labels))],
    matchingLines: v.hits.map((h) => `${h.hook}: ${h.line}`),
    ...(v.undecodable.length > 0 ? { undecodableHooks: v.undecodable } : {}),
  };
}
