import stringWidth from 'string-width';

/**
 * The one table layout every terminal view uses (issue 20): the table fits the terminal's width.
 * Columns get what their content needs when there is room; when there is not, lesser columns are
 * dropped first (a key column: severity, time, actor, event, resource, never is), the rest share the
 * width, text wraps, and an ARN is shortened from the left so the end that names the actor stays
 * (`…assumed-role/MlCi/ci-session`). Drawn here, in time linear in its cells: cli-table3 took about
 * 1 ms a row and grew worse than linearly (10,000 findings: 35 s; issue 14 asks under 5 s).
 */

/** The width views fit: stdout's columns on a terminal, else COLUMNS, else 120. */
export function terminalWidth(stream: { columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.columns && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv >= 20 ? fromEnv : 120;
}

export interface FitColumn {
  header: string;
  /** Never dropped (severity, time, actor, event, resource). */
  key?: boolean;
  /** Smaller is dropped first among the columns that are not key; default 0. */
  priority?: number;
  /** Narrowest useful width of the content (without padding); default 8. */
  min?: number;
  /** Widest the column grows to (without padding); default 60. */
  max?: number;
  /** 'arn': a line too long is shortened from the left instead of wrapped. */
  shorten?: 'arn';
}

const PADDING = 2;
const PLAIN = /^[\x20-\x7e]*$/;

/** Display width: printable ASCII is one column a character, the rest is measured. */
export function displayWidth(s: string): number {
  return PLAIN.test(s) ? s.length : stringWidth(s);
}
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** `…` and the end of a string that fits in `width` columns. */
export function shortenLeft(styled: string, width: number): string {
  if (displayWidth(styled) <= width) return styled;
  const s = styled.replace(ANSI, '');
  let tail = '';
  for (const ch of [...s].reverse()) {
    if (stringWidth(ch + tail) + 1 > width) break;
    tail = ch + tail;
  }
  return `…${tail}`;
}

/** Plain text wrapped at spaces to `width` columns, continuation lines indented (a word longer than the width is broken). */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const lead = /^ */.exec(paragraph)![0];
    let prefix = lead;
    let line = '';
    const flush = () => {
      out.push(prefix + line);
      prefix = indent;
      line = '';
    };
    for (let word of paragraph.slice(lead.length).split(' ')) {
      if (line !== '' && displayWidth(`${prefix}${line} ${word}`) > width) flush();
      line = line === '' ? word : `${line} ${word}`;
      // A word wider than a line by itself is broken where the line ends.
      while (displayWidth(prefix + line) > width && width - displayWidth(prefix) > 0) {
        const room = width - displayWidth(prefix);
        word = [...line].slice(room).join('');
        line = [...line].slice(0, room).join('');
        flush();
        line = word;
      }
    }
    out.push(prefix + line);
  }
  return out;
}

function widest(cell: string): number {
  let w = 0;
  for (const line of cell.split('\n')) w = Math.max(w, displayWidth(line));
  return w;
}

interface Slot {
  column: FitColumn;
  index: number;
  natural: number;
  width: number;
}

/** Which columns to show and how wide (content width, without padding), for a table `width` wide. */
export function layout(columns: readonly FitColumn[], rows: readonly (readonly string[])[], width: number): Slot[] {
  const all: Slot[] = columns.map((column, index) => {
    let content = Math.max(displayWidth(column.header), 1);
    for (const r of rows) content = Math.max(content, widest(r[index] ?? ''));
    const natural = Math.min(column.max ?? 60, content);
    return { column, index, natural, width: Math.min(natural, Math.max(column.min ?? 8, 1)) };
  });
  let shown = all;
  const total = () => shown.reduce((n, s) => n + s.width + PADDING + 1, 1);
  // Drop the lesser columns, lowest priority and rightmost first, while even their minimums do not fit.
  const droppable = all.filter((s) => !s.column.key).sort((a, b) => (a.column.priority ?? 0) - (b.column.priority ?? 0) || b.index - a.index);
  for (const drop of droppable) {
    if (total() <= width) break;
    shown = shown.filter((s) => s !== drop);
  }
  // Key columns alone wider than the terminal: the widest gives up width in turn, down to 3.
  while (total() > width && shown.some((s) => s.width > 3)) {
    shown.reduce((a, b) => (b.width > a.width ? b : a)).width--;
  }
  // Share the rest out a column at a time, to the one furthest short of its content (the long texts first).
  for (let spare = width - total(); spare > 0; spare--) {
    const hungriest = shown.reduce<Slot | undefined>((a, b) => (b.natural - b.width > (a ? a.natural - a.width : 0) ? b : a), undefined);
    if (!hungriest) break;
    hungriest.width++;
  }
  return shown;
}

// An SGR sequence (colour, bold, dim) and a line wholly inside one style, as the views write them.
// eslint-disable-next-line no-control-regex
const STYLED_LINE = /^((?:\u001b\[[0-9;]*m)+)([^\u001b]*)((?:\u001b\[[0-9;]*m)+)$/;

/**
 * One cell line as lines of at most `width` columns: an ARN shortened from the left, other text wrapped.
 * A line wholly in one style keeps it on each of its lines; other styled text is wrapped plain.
 */
function fitLine(line: string, width: number, shorten: boolean, indent = ''): string[] {
  if (!line.includes('\u001b')) return shorten ? [shortenLeft(line, width)] : wrapText(line, width, indent);
  const styled = STYLED_LINE.exec(line);
  if (styled) return fitLine(styled[2] as string, width, shorten, indent).map((l) => `${styled[1]}${l}${styled[3]}`);
  return fitLine(line.replace(ANSI, ''), width, shorten, indent);
}

const pad = (line: string, width: number): string => line + ' '.repeat(Math.max(0, width - displayWidth(line)));

/** The table drawn with box characters, a rule between rows (cli-table3's look). */
function draw(head: string[], rows: string[][][], widths: number[]): string {
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + PADDING)).join(m) + r;
  const out: string[] = [rule('┌', '┬', '┐')];
  const cells = (row: string[][]) => {
    const height = Math.max(1, ...row.map((c) => c.length));
    for (let i = 0; i < height; i++) out.push(`│${row.map((c, k) => ` ${pad(c[i] ?? '', widths[k] as number)} `).join('│')}│`);
  };
  cells(head.map((h) => [h]));
  for (const row of rows) {
    out.push(rule('├', '┼', '┤'));
    cells(row);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/**
 * A view's text with every line at most `width` columns: a longer line is wrapped at spaces, its continuation
 * indented two more than the line, a line wholly in one style keeping it. Lines that fit are left as they are.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width) return [line];
      const indent = ' '.repeat(Math.min((/^ */.exec(line.replace(ANSI, ''))?.[0].length ?? 0) + 2, Math.floor(width / 2)));
      return fitLine(line, width, false, indent);
    })
    .join('\n');
}


/** A table of `rows` laid out for `width` columns; cells may hold colour and line breaks. */
export function fitTable(columns: readonly FitColumn[], rows: readonly (readonly string[])[], width: number, bold: (s: string) => string = (s) => s): string {
  const shown = layout(columns, rows, width);
  const widths = shown.map((s) => s.width);
  const head = shown.map((s) => bold(fitLine(s.column.header, s.width, false)[0] ?? ''));
  const body = rows.map((r) => shown.map((s) => (r[s.index] ?? '').split('\n').flatMap((l) => fitLine(l, s.width, s.column.shorten === 'arn'))));
  return draw(head, body, widths);
}
