import type { DetectReport } from '../../../core/report.js';
import type { OutputModel } from '../../../view/model.js';
import { printableDeep } from '../../../view/printable.js';
import { COLUMNS, row } from './columns.js';
import { markdown } from './markdown.js';
import { human, type FindingGrouping } from './table.js';

export function reportModel(r: DetectReport, options: { grouping?: FindingGrouping } = {}): OutputModel {
  const { schema: _schema, ...document } = r;
  // The views for people show CloudTrail's attacker-controlled strings made printable and on one line
  // (a newline in a field would add a forged line to the table or csv); made once, and only for those
  // views. JSON keeps them exact.
  let shown: DetectReport | undefined;
  const view = (): DetectReport => (shown ??= printableDeep(r, true));
  return {
    schema: r.schema,
    document,
    items: r.findings,
    columns: COLUMNS,
    get rows() {
      return view().findings.map(row);
    },
    human: (c) => human(view(), c, undefined, options.grouping),
    markdown: () => markdown(view()),
  };
}
