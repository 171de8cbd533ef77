/**
 * What a model hands to the renderers: the document (json), the items (jsonl: one per line), and a
 * flat table (csv, markdown, and the default table unless the model draws its own). It lives outside
 * src/output so the pure core can build models without importing the renderers.
 */
export interface Column {
  key: string;
  header: string;
  /** How the column fits a narrow terminal (src/view/fit.ts); default: never dropped, 6 wide at least. */
  fit?: Partial<import('./fit.js').FitColumn>;
}
export interface OutputModel {
  /** Schema id written into JSON output, e.g. "sm-ir/detect-report@1" (documented in the README). */
  schema: string;
  document: object;
  items: readonly object[];
  columns: readonly Column[];
  rows: readonly Record<string, string | number | boolean | null>[];
  /** A human view for the terminal (grouping, colour); falls back to the flat table. */
  human?: (style: import('chalk').ChalkInstance) => string;
  /** A markdown view; falls back to the flat table as a markdown table. */
  markdown?: () => string;
}
