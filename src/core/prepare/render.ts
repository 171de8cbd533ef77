import type { ScpsData, ScpStatementData } from '../../playbook/schema.js';

/** User-given parameter values by parameter id (allowed-ip, allowed-instance-types, ...). */
export type ScpParams = Record<string, string[] | undefined>;

export interface IamStatement {
  Sid: string;
  Effect: 'Deny';
  Action: string[];
  Resource: '*';
  Condition: Record<string, Record<string, string | string[]>>;
}

export type RenderedStatement =
  | { id: string; sid: string; included: true; statement: IamStatement }
  | { id: string; sid: string; included: false; reason: string };

const PARAM_REF = /^\{\{([a-z0-9-]+)\}\}$/;

/** The values a parameter takes: the user's, else its default, plus what is always kept; undefined when unset. */
function valuesOf(data: ScpsData, paramId: string, params: ScpParams): string[] | undefined {
  const decl = data.parameters.find((p) => p.id === paramId);
  if (!decl) return undefined;
  const given = params[paramId]?.length ? params[paramId] : decl.default;
  if (!given?.length) return undefined;
  return [...new Set([...given, ...(decl.alwaysInclude ?? [])])];
}

/**
 * Fill one statement's "{{param}}" entries. A statement whose required parameter has no value is
 * skipped with the flag that fills it, so a placeholder can never reach a deployed document; an
 * optional parameter without a value (the break-glass --exempt-role) drops its entries, and a key or
 * operator left with nothing is dropped with them.
 */
export function renderStatement(data: ScpsData, st: ScpStatementData, params: ScpParams): RenderedStatement {
  const condition: IamStatement['Condition'] = {};
  for (const [op, keys] of Object.entries(st.condition)) {
    const block: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(keys)) {
      if (typeof value === 'string') {
        block[key] = value;
        continue;
      }
      const out: string[] = [];
      for (const v of value) {
        const ref = PARAM_REF.exec(v)?.[1];
        if (ref === undefined) {
          out.push(v);
          continue;
        }
        const filled = valuesOf(data, ref, params);
        const decl = data.parameters.find((p) => p.id === ref);
        if (!filled && decl?.optional) continue;
        if (!filled) {
          return { id: st.id, sid: st.sid, included: false, reason: `needs ${decl?.flag ?? ref}: the playbook leaves this value to you` };
        }
        out.push(...filled);
      }
      if (out.length) block[key] = out;
    }
    if (Object.keys(block).length) condition[op] = block;
  }
  return {
    id: st.id,
    sid: st.sid,
    included: true,
    statement: { Sid: st.sid, Effect: 'Deny', Action: st.actions.map((a) => `sagemaker:${a}`), Resource: '*', Condition: condition },
  };
}

/**
 * Which statements to render: the playbook's by default, plus the opt-in ones named in `optIn` or
 * whose parameter the user gave (includeWhenGiven); --only (which may name opt-in statements too) and
 * --except by id or Sid (already validated).
 */
export function selectStatements(data: ScpsData, only?: string[], except?: string[], optIn?: string[], params: ScpParams = {}): ScpStatementData[] {
  const matches = (st: ScpStatementData, ids: string[]) => ids.some((i) => i === st.id || i.toLowerCase() === st.sid.toLowerCase());
  const byDefault = (st: ScpStatementData) =>
    !st.optIn || matches(st, optIn ?? []) || (st.includeWhenGiven !== undefined && Boolean(params[st.includeWhenGiven]?.length));
  return data.statements.filter((st) => (only?.length ? matches(st, only) : byDefault(st)) && !(except?.length && matches(st, except)));
}

export function renderAll(data: ScpsData, params: ScpParams, only?: string[], except?: string[], optIn?: string[]): RenderedStatement[] {
  return selectStatements(data, only, except, optIn, params).map((st) => renderStatement(data, st, params));
}

/** The parameters' example values: what the matrix and the documentation use when the user gives none. */
export function exampleParams(data: ScpsData): ScpParams {
  return Object.fromEntries(data.parameters.map((p) => [p.id, p.example]));
}
