/** Small text helpers shared by the section views (plain strings; colour is applied by the caller). */

/** Greedy word wrap of `items` joined by `sep`, each line after the first prefixed by `indent`. */
export function wrapList(items: readonly string[], width: number, indent: string, sep = ', '): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item}${sep.trimEnd()}` : item;
    if (line && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/** Escape text for a markdown table cell or inline text. */
export function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A MITRE ATT&CK technique id as a link to its page (T1562.008 -> techniques/T1562/008/). */
export function mitreLink(id: string): string {
  return `[${id}](https://attack.mitre.org/techniques/${id.replace('.', '/')}/)`;
}
