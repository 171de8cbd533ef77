import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { buildChecklist } from '../../core/analyze/checklist.js';
import { checklistOutput } from '../../core/analyze/output.js';
import { emptyAnalysis, type CaseAnalysis } from '../../core/analyze/state.js';
import type { OutputFormat } from '../../output/formats.js';

/** analyze's formats: the checklist's, and the HTML case report. */
type AnalyzeFormat = Exclude<OutputFormat, 'jsonl' | 'csv'> | 'html';
import { render } from '../../output/render.js';
import { chalkFor } from '../../output/terminal.js';
import { loadPlaybook } from '../../playbook/load.js';
import { caseFiles, readAuditLog, readCaseAnalysis, readDetectReport, writeCaseAnalysis } from './files.js';
import { walk } from './interactive.js';
import { checkCaseDir, checkUserFilePath, writeUserFile } from '../user-files.js';

export interface AnalyzeOptions {
  findings?: string;
  case?: string;
  interactive?: boolean;
  output: AnalyzeFormat;
  out?: string;
}

/** The process's streams by default; tests pass fakes (a TTY-like input for --interactive). */
export interface AnalyzeIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  /** Prompts and messages, so stdout stays the report. */
  stderr: NodeJS.WriteStream;
  now: () => Date;
}

const processIo = (): AnalyzeIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, now: () => new Date() });

export async function run(opts: AnalyzeOptions, io: AnalyzeIo = processIo()): Promise<number> {
  if (opts.interactive && !opts.case) throw new UsageError('--interactive needs --case DIR to record the answers in');
  if (opts.interactive && !io.stdin.isTTY) {
    throw new UsageError('refusing --interactive: stdin is not a TTY', 'run it in a terminal, or edit <case>/analysis.json');
  }
  if (opts.case) checkCaseDir(opts.case);
  if (opts.out) checkUserFilePath(opts.out, '--out');
  const files = opts.case ? caseFiles(opts.case) : null;
  const saved = files ? readCaseAnalysis(files.analysis) : null;
  // A case remembers the findings its answers were given against.
  const findingsPath =
    opts.findings ?? saved?.findingsFile ?? (files && existsSync(files.findings) ? files.findings : undefined);
  const report = findingsPath ? readDetectReport(findingsPath) : null;
  // The whole playbook, cross-checked: Q15's practices point into its best practices, SCPs and Config rules.
  const playbook = loadPlaybook();

  // Stored absolute, so the case works from any directory.
  const stored = findingsPath ? resolve(findingsPath) : null;
  let state = files ? (saved ? { ...saved, findingsFile: stored } : emptyAnalysis(stored, io.now().toISOString())) : null;
  if (opts.interactive && files && state) {
    const save = (s: CaseAnalysis) => writeCaseAnalysis(files.analysis, opts.case as string, s);
    state = await walk(buildChecklist(playbook, report, state.answers), state, {
      input: io.stdin,
      output: io.stderr,
      style: chalkFor(io.stderr),
      now: io.now,
      save,
    });
    io.stderr.write(`Answers saved in ${files.analysis}\n`);
    // After a walk the report is printed only when asked for.
    if (!opts.out && opts.output === 'table') return 0;
  }

  const checklist = buildChecklist(playbook, report, state?.answers ?? {});
  const audit = files ? readAuditLog(files.audit) : null;
  const input = { checklist, report, caseDir: opts.case ?? null, audit };
  const style = chalkFor(opts.out ? ({ isTTY: false } as NodeJS.WriteStream) : (io.stdout as NodeJS.WriteStream));
  const text =
    opts.output === 'html'
      ? await (await import('../../output/html/case-report.js')).renderCaseReportHtml(input, opts.case ? `SageMaker incident report: ${basename(resolve(opts.case))}` : undefined)
      : render(checklistOutput(input), opts.output, style);
  if (opts.out) {
    writeUserFile(opts.out, text, '--out');
    io.stderr.write(`Wrote ${opts.out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
