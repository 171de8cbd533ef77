/**
 * The guardrail matrix: for each rendered statement, the decision AWS's condition semantics give on
 * a few request contexts (compliant, non-compliant, field omitted, through a VPC endpoint, made by an
 * AWS service, made by the break-glass role), next to the decision the statement is meant to give.
 * The statement-specific keys come from the playbook data; the derived cases are built here.
 */
import ipaddr from 'ipaddr.js';
import type { ScpsData, ScpStatementData } from '../../playbook/schema.js';
import { MATRIX_CASES } from '../../playbook/schema.js';
import { denies, type RequestContext } from './evaluate.js';
import type { IamStatement, ScpParams } from './render.js';

export type MatrixCase = (typeof MATRIX_CASES)[number];
export type Decision = 'deny' | 'allow';

export interface MatrixRow {
  case: MatrixCase;
  action: string;
  request: RequestContext;
  decision: Decision;
  expected: Decision;
  why: string | null;
}

export interface StatementMatrix {
  id: string;
  sid: string;
  rows: MatrixRow[];
}

/** Who calls, and from where, unless a case says otherwise: a data scientist's role from an allowed address. */
const BASE_REQUEST: Record<string, string | string[]> = {
  'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/DataScientist',
  'aws:ViaAWSService': 'false',
  'aws:SourceIp': '{{allowed-ip}}',
};

const DEFAULT_EXPECT: Record<MatrixCase, Decision> = {
  compliant: 'allow',
  'non-compliant': 'deny',
  omitted: 'deny',
  'vpc-endpoint': 'allow',
  'aws-service': 'allow',
  'exempt-role': 'allow',
};

const PARAM_REF = /^\{\{([a-z0-9-]+)\}\}$/;

/** A value inside a parameter's first entry: a host address of a CIDR, a wildcard pattern with its wildcards filled. */
function sampleOf(kind: string, value: string): string {
  if (kind === 'cidr') {
    const [net, bits] = ipaddr.parseCIDR(value);
    const bytes = net.toByteArray();
    const last = bytes.length - 1;
    if (bits < bytes.length * 8) bytes[last] = (bytes[last] ?? 0) | 1;
    return ipaddr.fromByteArray(bytes).toString();
  }
  return value.replace(/[*?]/g, 'x');
}

function resolve(data: ScpsData, params: ScpParams, value: string): string {
  const ref = PARAM_REF.exec(value)?.[1];
  if (ref === undefined) return value;
  const decl = data.parameters.find((p) => p.id === ref);
  if (!decl) return value;
  const first = (params[ref]?.length ? params[ref] : decl.example)?.[0] ?? decl.example[0] ?? '';
  return sampleOf(decl.kind, first);
}

function request(data: ScpsData, params: ScpParams, ...layers: Record<string, string | string[] | null>[]): RequestContext {
  const ctx: RequestContext = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === null) delete ctx[k];
      else ctx[k] = Array.isArray(v) ? v.map((x) => resolve(data, params, x)) : resolve(data, params, v);
    }
  }
  return ctx;
}

const without = (ctx: RequestContext, key: string): RequestContext => Object.fromEntries(Object.entries(ctx).filter(([k]) => k !== key));

/** The matrix of one rendered statement, with the parameters it was rendered with (examples fill the gaps). */
export function statementMatrix(data: ScpsData, st: ScpStatementData, rendered: IamStatement, params: ScpParams): StatementMatrix {
  const m = st.matrix;
  const action = `sagemaker:${m.action ?? st.actions[0]}`;
  const compliant = request(data, params, BASE_REQUEST, m.compliant);
  const nonCompliant = request(data, params, BASE_REQUEST, m.nonCompliant);
  const contexts: [MatrixCase, RequestContext][] = [
    ['compliant', compliant],
    ['non-compliant', nonCompliant],
    ['omitted', request(data, params, BASE_REQUEST, m.omitted)],
    // Through an interface endpoint: no aws:SourceIp, aws:SourceVpce set.
    ['vpc-endpoint', { ...without(compliant, 'aws:SourceIp'), 'aws:SourceVpce': resolve(data, params, '{{allowed-vpce}}') }],
    // Forwarded by a service (CloudFormation, ...): aws:ViaAWSService true, no caller address.
    ['aws-service', { ...without(compliant, 'aws:SourceIp'), 'aws:ViaAWSService': 'true' }],
  ];
  if (params['exempt-role']?.length) {
    contexts.push(['exempt-role', { ...nonCompliant, 'aws:PrincipalArn': resolve(data, params, '{{exempt-role}}') }]);
  }
  const rows = contexts.map(([c, req]): MatrixRow => {
    const exception = m.exceptions[c];
    return {
      case: c,
      action,
      request: req,
      decision: denies(rendered, action, req) ? 'deny' : 'allow',
      expected: exception?.expect ?? DEFAULT_EXPECT[c],
      why: exception?.why ?? null,
    };
  });
  return { id: st.id, sid: st.sid, rows };
}
