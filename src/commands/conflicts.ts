// Options a command refuses together, declared with commander's Option.conflicts() and given sm-ir's
// words: commander's own "option '--a <x>' cannot be used with option '--b'" says what, not why, so
// the program's error output (src/program.ts) replaces it with the message and hint declared here.
// Imports nothing at run time: command.ts files load it for `sm-ir --help`.
import type { Command } from 'commander';

interface Words {
  message: string;
  hint?: string;
}

const WORDS = new Map<string, Words>();
const pair = (a: string, b: string) => [a, b].sort().join(' ');

function optionOf(cmd: Command, flag: string) {
  const option = cmd.options.find((o) => o.long === flag);
  if (!option) throw new Error(`sm-ir ${cmd.name()} has no option ${flag}`);
  return option;
}

/** `flag` cannot be given with any of `others` (long flags, declared on `cmd`); `message` (and `hint`) say why. */
export function refuseTogether(cmd: Command, flag: string, others: readonly string[], message: string, hint?: string): void {
  optionOf(cmd, flag).conflicts(others.map((o) => optionOf(cmd, o).attributeName()));
  for (const other of others) WORDS.set(pair(flag, other), { message, ...(hint ? { hint } : {}) });
}

const CONFLICT = /^error: option '(--[a-z0-9-]+)[^']*' cannot be used with option '(--[a-z0-9-]+)[^']*'/;

/** sm-ir's lines for commander's conflict error (as it writes it, with its "error: " prefix), or undefined for any other error. */
export function conflictWords(text: string): string | undefined {
  const m = CONFLICT.exec(text);
  const words = m ? WORDS.get(pair(m[1] as string, m[2] as string)) : undefined;
  if (!words) return undefined;
  return `sm-ir: ${words.message}\n${words.hint ? `  hint: ${words.hint}\n` : ''}`;
}
