/**
 * Secrets written into lifecycle scripts (access keys, tokens, passwords), found by the patterns in
 * playbook/posture.json. Reports never repeat a secret: it is shown masked, enough to recognise it
 * when rotating it, not enough to use it.
 */
import { scriptLines } from '../classify/script-analysis.js';

export interface SecretHit {
  label: string;
  /** The line with the secret masked, cut at maxLineLength. */
  line: string;
  masked: string;
}

export interface SecretPattern {
  label: string;
  pattern: string;
}

/** First four and last four characters of a long secret, stars between; a short one all stars. */
export function mask(secret: string): string {
  if (secret.length < 16) return '*'.repeat(secret.length);
  return `${secret.slice(0, 4)}${'*'.repeat(secret.length - 8)}${secret.slice(-4)}`;
}

export function createSecretScanner(patterns: readonly SecretPattern[], maxLineLength: number): (text: string) => SecretHit[] {
  const compiled = patterns.map((p) => ({ label: p.label, re: new RegExp(p.pattern, 'g') }));
  return (text) => {
    const hits: SecretHit[] = [];
    for (const line of scriptLines(text)) {
      for (const { label, re } of compiled) {
        for (const m of line.matchAll(re)) {
          const secret = m[1] ?? m[0];
          const masked = mask(secret);
          hits.push({ label, masked, line: line.split(secret).join(masked).slice(0, maxLineLength) });
        }
      }
    }
    return hits;
  };
}
