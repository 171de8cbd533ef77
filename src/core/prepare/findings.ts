/**
 * What IAM Access Analyzer's ValidatePolicy said about the SCPs about to be deployed, and whether the
 * deployment may go on. ERROR findings always stop it (no flag passes an invalid policy);
 * SECURITY_WARNING findings stop it unless --accept-findings names them (or says `all`); WARNING and
 * SUGGESTION findings are shown and never stop it. Pure: the adapter fetches, this decides.
 */
import { UsageError } from '../../errors.js';

export const FINDING_TYPES = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/** One element of a finding's location path, as the API gives it. */
export type PathElement = { index: number } | { key: string } | { value: string } | { substring: { start: number; length: number } };

/** A finding as the adapter reads it, for one named policy. */
export interface RawFinding {
  policy: string;
  /** The document sent, to name the statement (Sid) a location points into. */
  document: string;
  findingType: string;
  issueCode: string;
  details: string;
  learnMoreLink: string | null;
  paths: PathElement[][];
}

export type FindingVerdict = 'stops' | 'accepted' | 'shown';

export interface JudgedFinding {
  /** `<policy>/<issueCode>`: what --accept-findings takes. */
  id: string;
  policy: string;
  findingType: FindingType | string;
  issueCode: string;
  details: string;
  learnMoreLink: string | null;
  /** Where in the document, e.g. "Statement[2] (Sid DenyX).Condition". */
  locations: string[];
  verdict: FindingVerdict;
}

/** --accept-findings: `all`, or ids (`<policy>/<ISSUE_CODE>`, or a bare `<ISSUE_CODE>` for every policy). */
export interface FindingAcceptance {
  all: boolean;
  ids: string[];
}

const ISSUE_CODE = /^[A-Z][A-Z0-9_]*$/;
const POLICY_NAME = /^[\w+=,.@-]+$/;

export function parseAcceptFindings(values: string[] | undefined): FindingAcceptance {
  const list = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (list.includes('all')) {
    if (list.length > 1) throw new UsageError("--accept-findings: 'all' or finding ids, not both");
    return { all: true, ids: [] };
  }
  for (const id of list) {
    const [a, b, ...rest] = id.split('/');
    const ok = rest.length === 0 && (b === undefined ? ISSUE_CODE.test(a ?? '') : POLICY_NAME.test(a ?? '') && ISSUE_CODE.test(b));
    if (!ok) {
      throw new UsageError(
        `--accept-findings: '${id}' is not a finding id`,
        "give <policy>/<ISSUE_CODE> as the output shows it (e.g. sm-ir-sagemaker-guardrails-1/MISSING_PAIRED_CONDITION_KEYS), a bare ISSUE_CODE for every policy, or 'all'",
      );
    }
  }
  return { all: false, ids: list };
}

/** Statement[2] (Sid DenyX).Condition.StringEquals: the path, with the Sid of the statement it points into. */
export function describePath(path: PathElement[], document: string): string {
  let statements: { Sid?: unknown }[] = [];
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    if (Array.isArray(parsed.Statement)) statements = parsed.Statement as { Sid?: unknown }[];
  } catch {
    // Not JSON: the path is shown without Sids.
  }
  let out = '';
  path.forEach((el, i) => {
    if ('index' in el) {
      out += `[${el.index}]`;
      const first = path[0];
      const sid = i === 1 && first && 'key' in first && first.key === 'Statement' ? statements[el.index]?.Sid : undefined;
      if (typeof sid === 'string') out += ` (Sid ${sid})`;
    } else if ('key' in el) out += `${out ? '.' : ''}${el.key}`;
    else if ('value' in el) out += ` = ${JSON.stringify(el.value)}`;
    else out += ` (characters ${el.substring.start}-${el.substring.start + el.substring.length})`;
  });
  return out || '(whole document)';
}

function accepts(acceptance: FindingAcceptance, f: { policy: string; issueCode: string }): boolean {
  return acceptance.all || acceptance.ids.includes(`${f.policy}/${f.issueCode}`) || acceptance.ids.includes(f.issueCode);
}

/** Each finding with its verdict; `unmatched`: acceptances that name no finding (a typo, or a finding that went away). */
export function judgeFindings(raw: RawFinding[], acceptance: FindingAcceptance): { findings: JudgedFinding[]; unmatched: string[] } {
  const findings = raw.map((f): JudgedFinding => {
    // ERROR can never be accepted; an unknown type is treated as an ERROR (fail closed).
    const blocking = f.findingType === 'ERROR' || !(FINDING_TYPES as readonly string[]).includes(f.findingType);
    const verdict: FindingVerdict = blocking ? 'stops' : f.findingType === 'SECURITY_WARNING' ? (accepts(acceptance, f) ? 'accepted' : 'stops') : 'shown';
    return {
      id: `${f.policy}/${f.issueCode}`,
      policy: f.policy,
      findingType: f.findingType,
      issueCode: f.issueCode,
      details: f.details,
      learnMoreLink: f.learnMoreLink,
      locations: f.paths.map((p) => describePath(p, f.document)),
      verdict,
    };
  });
  const unmatched = acceptance.ids.filter((id) => !findings.some((f) => f.id === id || f.issueCode === id));
  return { findings, unmatched };
}

/** One line per finding: `sm-ir-…-1: ERROR INVALID_SERVICE_CONDITION_KEY at Statement[1] (Sid X).Condition: details`. */
export function findingLine(f: JudgedFinding): string {
  const where = f.locations.length ? ` at ${f.locations.join('; ')}` : '';
  return `${f.policy}: ${f.findingType} ${f.issueCode}${where}: ${f.details}`;
}

/** Why the deployment stops, and what the user can do: ERRORs must be fixed; SECURITY_WARNINGs may be accepted by id. */
export function stopReason(findings: JudgedFinding[]): { message: string; hint: string } | null {
  const stops = findings.filter((f) => f.verdict === 'stops');
  if (stops.length === 0) return null;
  const errors = stops.filter((f) => f.findingType !== 'SECURITY_WARNING');
  const warnings = stops.filter((f) => f.findingType === 'SECURITY_WARNING');
  const counts = [errors.length ? `${errors.length} ERROR` : '', warnings.length ? `${warnings.length} SECURITY_WARNING` : ''].filter(Boolean).join(' and ');
  const ids = [...new Set(warnings.map((f) => f.id))];
  return {
    message: `IAM Access Analyzer found ${counts} finding(s) in the SCPs; nothing was changed: ${stops.map(findingLine).join('; ')}`,
    hint: errors.length
      ? 'an ERROR finding cannot be accepted: fix the parameters or leave the statement out (--except ID), then re-run'
      : `review them; to deploy anyway, accept them by id: --accept-findings ${ids.join(' ')}`,
  };
}
