import type { ChalkInstance } from 'chalk';
import type { OutputFormat } from './formats.js';
import type { OutputModel } from '../view/model.js';
import { printable } from '../view/printable.js';
import { markdownText } from '../view/markdown.js';
import { fitLines, fitTable, terminalWidth } from '../view/fit.js';

type Cell = string | number | boolean | null;

function csvCell(v: Cell): string {
  const s = v === null ? '' : printable(String(v));
  // Quote when needed, and defuse spreadsheet formula injection from attacker-controlled strings.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function mdCell(v: Cell): string {
  return v === null ? '' : markdownText(String(v));
}

export function renderCsv(model: OutputModel): string {
  const lines = [model.columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of model.rows) lines.push(model.columns.map((c) => csvCell(row[c.key] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}

export function renderMarkdownTable(model: Pick<OutputModel, 'columns' | 'rows'>): string {
  const head = `| ${model.columns.map((c) => mdCell(c.header)).join(' | ')} |`;
  const sep = `| ${model.columns.map(() => '---').join(' | ')} |`;
  const body = model.rows.map((r) => `| ${model.columns.map((c) => mdCell(r[c.key] ?? null)).join(' | ')} |`);
  return `${[head, sep, ...body].join('\n')}\n`;
}

export function renderFlatTable(model: Pick<OutputModel, 'columns' | 'rows'>, style: ChalkInstance, width = terminalWidth()): string {
  const columns = model.columns.map((c) => ({ key: true, min: 6, ...c.fit, header: c.header }));
  const rows = model.rows.map((r) => model.columns.map((c) => printable(String(r[c.key] ?? ''))));
  return `${fitTable(columns, rows, width, (h) => style.bold(h))}\n`;
}

/** One registry of renderers: every model goes through the same five. */
export function render(model: OutputModel, format: OutputFormat, style: ChalkInstance): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ schema: model.schema, ...model.document }, null, 2)}\n`;
    case 'jsonl':
      return model.items.map((i) => `${JSON.stringify(i)}\n`).join('');
    case 'csv':
      return renderCsv(model);
    case 'markdown':
      return model.markdown ? model.markdown() : renderMarkdownTable(model);
    case 'table':
      // Every terminal view fits the width: tables lay themselves out, prose lines are wrapped here.
      return model.human ? fitLines(model.human(style), terminalWidth()) : renderFlatTable(model, style);
  }
}
