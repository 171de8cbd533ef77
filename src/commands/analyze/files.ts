import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { parseAuditLines } from '../../core/audit.js';
import { DETECT_REPORT_SCHEMA_ID, DetectReportSchema, type DetectReport } from '../../core/report.js';
import type { AuditLogRead } from '../../core/analyze/markdown.js';
import { makeCaseDir, readUserFile, REPORT_MAX_BYTES, writeUserFile } from '../user-files.js';
import { CASE_ANALYSIS_SCHEMA_ID, CaseAnalysisSchema, type CaseAnalysis } from '../../core/analyze/state.js';

/** The files of a case directory. */
export const caseFiles = (dir: string) => ({
  findings: join(dir, 'findings.json'),
  analysis: join(dir, 'analysis.json'),
  audit: join(dir, 'audit.jsonl'),
});

function readJson(path: string, what: string, hint: string): unknown {
  const text = readUserFile(path, what, REPORT_MAX_BYTES, hint);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path}: not a JSON document (${(e as Error).message})`, hint);
  }
}

function issues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const shown = err.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  return shown.join('; ') + (err.issues.length > 3 ? `; and ${err.issues.length - 3} more` : '');
}

/** detect's JSON report, validated; a wrong or older file gets a message that says which and what to do. */
export function readDetectReport(path: string): DetectReport {
  const hint = 'give the JSON report of sm-ir detect: sm-ir detect ... --output json > findings.json';
  const raw = readJson(path, '--findings', hint);
  if (Array.isArray(raw)) throw new UsageError(`--findings ${path}: a JSON array, not a detect report (jsonl or another tool's output?)`, hint);
  const schema = typeof raw === 'object' && raw !== null ? (raw as { schema?: unknown }).schema : undefined;
  if (schema !== DETECT_REPORT_SCHEMA_ID) {
    const what = typeof schema === 'string' ? `a '${schema}' document` : 'not marked as a detect report (no schema field)';
    throw new UsageError(
      `--findings ${path}: ${what}; analyze reads '${DETECT_REPORT_SCHEMA_ID}'`,
      typeof schema === 'string' && schema.startsWith('sm-ir/detect-report@') ? 're-run detect with this version of sm-ir' : hint,
    );
  }
  const parsed = DetectReportSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--findings ${path}: not a valid detect report: ${issues(parsed.error)}`, hint);
  return parsed.data;
}

export function readCaseAnalysis(path: string): CaseAnalysis | null {
  if (!existsSync(path)) return null;
  const hint = `fix or move ${path} away to start the analysis afresh`;
  const parsed = CaseAnalysisSchema.safeParse(readJson(path, 'case analysis', hint));
  if (!parsed.success) throw new UsageError(`case analysis ${path}: not a '${CASE_ANALYSIS_SCHEMA_ID}' document: ${issues(parsed.error)}`, hint);
  return parsed.data;
}

/** Written whole and renamed into place, so an interrupted write never leaves half a file. */
export function writeCaseAnalysis(path: string, dir: string, state: CaseAnalysis): void {
  makeCaseDir(dir);
  const tmp = `${path}.tmp`;
  writeUserFile(tmp, `${JSON.stringify(state, null, 2)}\n`, '--case');
  renameSync(tmp, path);
}

/** The containment audit log, if the case has one; lines that are not audit entries are counted, not fatal. */
export function readAuditLog(path: string): AuditLogRead | null {
  if (!existsSync(path)) return null;
  return { path, ...parseAuditLines(readFileSync(path, 'utf8')) };
}
