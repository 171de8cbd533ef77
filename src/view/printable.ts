/**
 * CloudTrail strings are attacker-controlled (user agents, resource and session names). Shown to a
 * person, their control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides
 * could drive the terminal (clear the screen, retitle it, hide lines) or disguise text in a report,
 * so the human formats show them as visible \u escapes. JSON output keeps them exact: it escapes them
 * itself, and evidence must stay as recorded.
 */
// U+061C (Arabic letter mark) is a bidi mark like U+200E/F; U+2028/9 break lines in some viewers.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** printable, and on one line: for names (files, inputs) shown inside a line of text. */
export function printableLine(s: string): string {
  return printable(s).replace(/[\t\n]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A copy of a JSON-like value with every string made printable (for the table, markdown and csv views);
 * `oneLine`: line breaks and tabs escaped too, so a value can never add a line (a forged row) to a view.
 */
export function printableDeep<T>(value: T, oneLine = false): T {
  if (typeof value === 'string') return (oneLine ? printableLine(value) : printable(value)) as T;
  if (Array.isArray(value)) return value.map((v) => printableDeep(v, oneLine)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v, oneLine)])) as T;
  }
  return value;
}
