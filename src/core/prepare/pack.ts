import { UsageError } from '../../errors.js';
import type { IamStatement } from './render.js';
import { POLICY_VERSION, minify } from './validate.js';

export interface PolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: IamStatement[];
}

export interface PackedPolicy {
  name: string;
  document: PolicyDocument;
  /** Minified length, what the 5,120-character quota counts. */
  size: number;
  sids: string[];
}

const EMPTY_SIZE = minify({ Version: POLICY_VERSION, Statement: [] }).length;

/**
 * Put the statements into as few policies as fit maxSize minified: first-fit decreasing, ties kept in
 * data order, so the same statements always give the same policies. Each policy lists its statements
 * in data order and is named <prefix>-1..n.
 */
export function packStatements(statements: IamStatement[], prefix: string, maxSize: number): PackedPolicy[] {
  const order = new Map(statements.map((s, i) => [s.Sid, i]));
  const sized = statements.map((s) => ({ s, size: minify(s).length }));
  const sorted = [...sized].sort((a, b) => b.size - a.size || (order.get(a.s.Sid) ?? 0) - (order.get(b.s.Sid) ?? 0));
  const bins: { items: IamStatement[]; size: number }[] = [];
  for (const { s, size } of sorted) {
    if (EMPTY_SIZE + size > maxSize) {
      // The parameters the user gave made it too long: a usage error, found before any AWS call.
      throw new UsageError(
        `SCP statement ${s.Sid} alone is ${EMPTY_SIZE + size} characters minified, over the ${maxSize} limit`,
        'shorten its parameter lists (fewer or wider CIDRs, wildcards such as ml.m5.* for instance types)',
      );
    }
    // Each statement after the first in a policy adds a comma.
    const bin = bins.find((b) => b.size + size + (b.items.length ? 1 : 0) <= maxSize);
    if (bin) {
      bin.size += size + (bin.items.length ? 1 : 0);
      bin.items.push(s);
    } else bins.push({ items: [s], size: EMPTY_SIZE + size });
  }
  return bins.map((b, i) => {
    const ordered = [...b.items].sort((x, y) => (order.get(x.Sid) ?? 0) - (order.get(y.Sid) ?? 0));
    const document: PolicyDocument = { Version: POLICY_VERSION, Statement: ordered };
    return { name: `${prefix}-${i + 1}`, document, size: minify(document).length, sids: ordered.map((s) => s.Sid) };
  });
}
