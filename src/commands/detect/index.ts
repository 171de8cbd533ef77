import { inWindow, parseWindow, type TimeWindow } from '../../core/time-window.js';
import { ExitCode, UsageError } from '../../errors.js';
import { loadPlaybook, type Playbook } from '../../playbook/load.js';
import { atLeast, type Severity } from '../../playbook/severity.js';
import { countSkip, type RecordSource } from '../../sources/types.js';
import { baselineLearner, createClassifier } from '../../core/classify/index.js';
import type { Baseline } from '../../core/classify/baseline.js';
import { FINDING_LIMITS, FindingLimit, parseFindingLimits, type FindingLimits } from '../../core/classify/finding-limit.js';
import { LineFile } from './line-file.js';
import { applySuppressions, type Suppression } from '../../core/suppress.js';
import { parseOutputFormat, REPORT_FORMATS, type ReportFormat } from '../../output/formats.js';
import { render } from '../../output/render.js';
import { chalkFor, notice, progressOnStderr, progressPeriodMs, scanProgressLine } from '../../output/terminal.js';
import { resolveAwsContext, type AwsCliOptions, type AwsContext } from '../options.js';
import { applyAggregateFilter, applyFilter, buildReport } from './report-model.js';
import { reportModel } from './views/index.js';
import { severityCounts } from './views/table.js';
import { aggregatedLines, statsLines } from './views/stats.js';
import { printableLine } from '../../view/printable.js';
import { fitLines, terminalWidth } from '../../view/fit.js';
import type { DetectReport } from '../../core/report.js';
import type { DetectOptions } from './options.js';
import { describeScan } from '../../sources/query/poll.js';
import { CoverageTally } from '../../core/coverage.js';
import type { ActorActivity } from '../../core/activity.js';
import type { Finding } from '../../core/finding.js';
import { inRegions, type RegionFilter } from '../../core/region-filter.js';
import { parseRegionFilter } from '../../sources/s3/plan.js';
import { actorActivity, liveActivity, queryActivity } from './timelines.js';
import { homeRegions } from '../../sources/lookup-events/plan.js';

/** --scenario and --rule name ids the playbook holds; an unknown one is refused with the known ones. */
function validateIds(flag: string, what: string, known: string[], ids: string[] | undefined): void {
  for (const id of ids ?? []) {
    if (!known.includes(id)) throw new UsageError(`${flag}: unknown ${what} '${id}'`, `known ${what}s: ${known.join(', ')}`);
  }
}

async function openSource(opts: DetectOptions, aws: AwsContext, pb: Playbook, window: TimeWindow, regions: RegionFilter | undefined): Promise<RecordSource> {
  if (opts.source === 'athena' || opts.source === 'lake' || opts.athenaTable || opts.eventDataStore) return (await import('./query.js')).openQuerySource(opts, aws, pb, window);
  if (opts.org || opts.roleName !== undefined) (await import('./org.js')).checkOrgOptions(opts);
  if (opts.logs) {
    // `--logs --since 7d` hands the option name to --logs as its path.
    const flag = opts.logs.find((p) => /^-{1,2}[a-z]/i.test(p));
    if (flag) throw new UsageError(`--logs: '${flag}' is an option, not a path`, 'give --logs the files or directories to read first: --logs ./AWSLogs --since 7d');
    return (await import('./logs.js')).openLogs(opts.logs, opts.prefilter ? 'rules' : 'none', aws, pb, window, regions);
  }
  const { openLiveSource } = await import('./live.js');
  return openLiveSource(opts, aws, pb, window);
}

/** --regions with --logs; a list that leaves out a global service's region (IAM: us-east-1) is worth a note. */
function logsRegionFilter(aws: AwsContext, pb: Playbook, notes: string[]): RegionFilter | undefined {
  const list = parseRegionFilter(aws.regions);
  if (!list) return undefined;
  const missing = Object.entries(homeRegions(pb.sources.sources)).filter(([, region]) => !list.has(region));
  for (const [source, region] of missing) notes.push(`--regions ${aws.regions} leaves out ${region}, where ${source} records its events: they are not read (add ${region} to read them)`);
  return { regions: [...list] };
}

/** Read every record of the source through the one classifier, then filter, report and pick the exit code. */
export async function detect(opts: DetectOptions, now = new Date(), notes: string[] = []): Promise<DetectReport> {
  // Saved logs are evidence of whenever it happened: without --since, read all of them.
  const since = opts.logs && opts.sinceGiven === false ? 'all' : opts.since;
  const window = parseWindow(since, opts.until === 'now' ? undefined : opts.until, now);
  const pb = loadPlaybook();
  validateIds('--scenario', 'scenario', pb.scenarios.scenarios.map((x) => x.id), opts.scenario);
  validateIds('--rule', 'rule', pb.rules.rules.map((r) => r.id), opts.rule);
  const limits = parseFindingLimits(opts.listFindings ?? String(FINDING_LIMITS.perActor));
  if (!limits) throw new UsageError(`--list-findings: expected a whole number from 1 or all, got '${opts.listFindings}'`);
  // Read and checked before any AWS call: a bad file is a usage error, not a half-run.
  const baselineWindow = opts.baseline === undefined ? undefined : parseBaselineWindow(opts, window);
  const suppressFile = await suppressionsOf(opts, notes);
  const suppressions = suppressFile?.entries ?? [];
  if (opts.aggregatedIds !== undefined && limits.perActor === Infinity) throw new UsageError('--aggregated-ids: with --list-findings all no finding is aggregated');
  // Opened before any AWS call or read: a bad path is refused first, and never overwrites a file.
  const spill = opts.aggregatedIds === undefined ? undefined : new LineFile(opts.aggregatedIds, '--aggregated-ids');
  try {
    const aws = await resolveAwsContext(opts);
    // --regions with --logs keeps the records of those regions (awsRegion), as an S3 archive's region folders hold them.
    const regions = opts.logs ? logsRegionFilter(aws, pb, notes) : undefined;
    const baseline = baselineWindow === undefined ? undefined : await readBaseline(opts, aws, pb, baselineWindow, regions, notes);
    const source = await openSource(opts, aws, pb, window, regions);
    return await classifyAndReport(opts, { pb, aws, window, regions, source, notes, now, spill, limits, suppressions, suppressFile: suppressFile?.path, baseline });
  } finally {
    spill?.close();
  }
}

/** --baseline DURATION: the period just before the window's start (refused without one). */
function parseBaselineWindow(opts: DetectOptions, window: TimeWindow): TimeWindow {
  const m = /^([1-9]\d{0,4})([hdw])$/.exec(opts.baseline ?? '');
  if (!m) throw new UsageError(`--baseline: expected a duration in hours, days or weeks (24h, 14d, 2w), got '${opts.baseline}'`);
  if (!window.start) throw new UsageError('--baseline: the baseline is the period just before --since, and --since all has no start', 'give --since a time or duration: --since 24h --baseline 14d');
  const ms = Number(m[1]) * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'h' | 'd' | 'w'];
  return { start: new Date(window.start.getTime() - ms), end: new Date(window.start.getTime() - 1) };
}

/** The baseline period read from the same source as the window, learnt as classification would see it. */
async function readBaseline(opts: DetectOptions, aws: AwsContext, pb: Playbook, window: TimeWindow, regions: RegionFilter | undefined, notes: string[]): Promise<BaselineRead> {
  const { Baseline } = await import('../../core/classify/baseline.js');
  const baseline = new Baseline(pb);
  const learn = baselineLearner(pb, baseline);
  const source = await openSource(opts, aws, pb, window, regions);
  let learnt = 0;
  for await (const record of source.records()) {
    if (!inWindow(window, record.eventTime) || (regions && !inRegions(regions, record.awsRegion))) continue;
    learn(record);
    learnt++;
  }
  const summary = baseline.summary();
  const scan = source.scan?.();
  const read: NonNullable<DetectReport['baseline']> = {
    window: { start: window.start?.toISOString() ?? null, end: window.end.toISOString() },
    kind: source.kind,
    unitsRead: source.stats.unitsRead,
    recordsRead: source.stats.recordsRead,
    recordsLearnt: learnt,
    ...summary,
    errors: source.stats.errors.length,
    ...(scan ? { scan } : {}),
  };
  notes.push(
    `baseline ${read.window.start} .. ${read.window.end}: ${read.recordsRead} records from ${read.unitsRead} ${source.kind.endsWith('lookup-events') ? 'LookupEvents calls' : 'inputs'}, ` +
      `${summary.principals} principals and ${summary.pairs} pairs learnt${summary.notLearnt > 0 ? `, ${summary.notLearnt} records past the limit not learnt` : ''}` +
      `${read.errors > 0 ? `; ${read.errors} input(s) of the baseline could not be read in full` : ''}`,
  );
  return { baseline, read };
}

interface BaselineRead {
  baseline: Baseline;
  read: NonNullable<DetectReport['baseline']>;
}

/** --suppress FILE, or .sm-ir/suppress.yaml found in the working directory (said on stderr: it hides findings). */
async function suppressionsOf(opts: DetectOptions, notes: string[]): Promise<{ path: string; entries: Suppression[] } | undefined> {
  const { suppressFileFor, readSuppressFile } = await import('./suppress-file.js');
  const path = suppressFileFor(opts.suppress);
  if (path === undefined) return undefined;
  const entries = await readSuppressFile(path);
  if (opts.suppress === undefined) notes.push(`suppressions from ${path} (${entries.length} ${entries.length === 1 ? "entry" : "entries"}), found in the working directory: --no-suppress reads without them`);
  return { path, entries };
}

interface Run {
  pb: Playbook;
  aws: AwsContext;
  window: TimeWindow;
  regions: RegionFilter | undefined;
  source: RecordSource;
  notes: string[];
  now: Date;
  spill: LineFile | undefined;
  limits: FindingLimits;
  suppressions: Suppression[];
  suppressFile: string | undefined;
  baseline: BaselineRead | undefined;
}

async function classifyAndReport(opts: DetectOptions, run: Run): Promise<DetectReport> {
  const { pb, aws, window, regions, source, notes, now, spill, limits, suppressions, suppressFile, baseline } = run;
  const onAggregated = spill && ((f: Finding) => spill.write(JSON.stringify({ ruleId: f.ruleId, principal: f.principal.key, time: f.time, eventId: f.eventId, severity: f.severity })));
  const classifier = createClassifier(pb, undefined, new FindingLimit(limits, onAggregated), baseline?.baseline);
  const progress = progressOnStderr();
  const started = Date.now();
  // Files and S3: a bar redrawn on a timer (with the prefilter most records are skipped unparsed and never reach
  // this loop); the live and query sources draw their own progress.
  const scans = source.kind === 'files' || source.kind === 's3' || source.kind === 'files+s3';
  const draw = () => {
    const s = source.stats;
    progress.update(scanProgressLine({ bytes: s.bytesRead ?? 0, records: s.recordsRead, units: s.unitsRead, ...(s.unitsPlanned ? { totalUnits: s.unitsPlanned } : {}), unitName: 'inputs', elapsedMs: Date.now() - started }));
  };
  if (progress.active && scans) source.stats.onInputDone = draw;
  const tick = progress.active && scans ? setInterval(draw, progressPeriodMs() * 2) : undefined;
  tick?.unref();
  const coverage = new CoverageTally();
  let classified = 0; // records in the window (and --regions) given to the classifier
  let duplicates = 0;
  for await (const record of source.records()) {
    coverage.add(record);
    if (!inWindow(window, record.eventTime)) countSkip(source.stats, 'outside-window');
    else if (regions && !inRegions(regions, record.awsRegion)) countSkip(source.stats, 'outside-regions');
    else {
      classified++;
      const skipped = classifier.push(record);
      if (skipped === 'duplicate') duplicates++;
      else if (skipped) countSkip(source.stats, skipped);
    }
  }
  clearInterval(tick);
  delete source.stats.onInputDone;
  progress.done();
  if (source.stats.span) coverage.widen(source.stats.span.first, source.stats.span.last);
  if (source.stats.skippedPlaces) coverage.places.merge(source.stats.skippedPlaces);
  const inputs = [...(source.inputs ?? opts.logs ?? [])];
  // The prefilter skips in-window records no rule reads without yielding them: they were in the window too.
  const inWindowSkipped = (source.stats.skipped['not-read-by-rules'] ?? 0) + (source.stats.skipped['unwatched-source'] ?? 0);
  const outsideRegions = source.stats.skipped['outside-regions'] ?? 0;
  const span = coverage.span();
  if ((source.stats.skipped['outside-window'] ?? 0) > 0 && classified + inWindowSkipped + outsideRegions === 0 && span.first) {
    notes.push(
      `every record read (${source.stats.skipped['outside-window']}) is outside the window ${window.start?.toISOString() ?? 'beginning'} .. ${window.end.toISOString()}: ` +
        `the records run from ${span.first} to ${span.last}; widen the window with --since ${span.first} (or --since all)`,
    );
  }
  if (outsideRegions > 0 && classified + inWindowSkipped === 0) {
    notes.push(`every record in the window (${outsideRegions}) is outside --regions ${aws.regions}: see their regions with --regions all`);
  }
  const filters = {
    minSeverity: opts.minSeverity,
    ...(opts.scenario ? { scenarios: opts.scenario } : {}),
    ...(opts.rule ? { rules: opts.rule } : {}),
    ...(opts.principal ? { principals: opts.principal } : {}),
    ...(suppressFile ? { suppressFile } : {}),
  };
  const found = classifier.finish();
  // Log files and S3 archives: a second pass (S3 fetches its objects in the window again, said on stderr); live:
  // LookupEvents by the actors' access keys and user names.
  let activity: ActorActivity[] | undefined;
  if (opts.activity !== false && opts.logs) activity = await actorActivity(source, found, opts, aws, pb, window, regions, notes);
  else if (opts.activity !== false && (source.kind === 'lookup-events' || source.kind === 'org-lookup-events')) activity = await liveActivity(source, found, opts, aws, window, now, notes);
  else if (opts.activity !== false && (source.kind === 'athena' || source.kind === 'lake')) activity = await queryActivity(opts, found, aws, pb, window, notes);
  const { kept, suppressed, expired } = applySuppressions(applyFilter(found, filters), suppressions, now);
  for (const i of expired) {
    const s = suppressions[i] as Suppression;
    notes.push(`--suppress entry ${i} expired on ${s.expires} and suppressed nothing (${s.reason}): renew it or remove it`);
  }
  return buildReport({
    findings: kept,
    suppressed,
    aggregated: applyAggregateFilter(classifier.aggregated(), filters),
    ...(activity ? { activity } : {}),
    records: classifier.recordsOf([...kept, ...suppressed.map((x) => x.finding)]),
    filters,
    stats: source.stats,
    duplicates: { count: duplicates, notChecked: classifier.notCheckedForDuplicates() },
    window,
    sources: [{ kind: source.kind, inputs, ...(source.scan?.() ? { scan: source.scan() } : {}) }],
    coverage: coverage.finish(inputs),
    ...(baseline ? { baseline: baseline.read } : {}),
    // Any input not read in full (a file, an object, a region) may hide findings: the report says so, exit 4.
    partial: (source.isPartial?.() ?? false) || source.stats.errors.length > 0,
    generatedAt: now,
  });
}

/** The report in its format: the five every model has, the HTML case report, or findings for other tools. */
async function renderReport(report: DetectReport, format: ReportFormat, opts: DetectOptions, tty: boolean): Promise<string> {
  if (format === 'html') {
    const [{ buildChecklist }, { renderCaseReportHtml }] = await Promise.all([import('../../core/analyze/checklist.js'), import('../../output/html/case-report.js')]);
    return renderCaseReportHtml({ checklist: buildChecklist(loadPlaybook(), report), report, caseDir: null, audit: null });
  }
  if (format === 'ocsf' || format === 'asff') return (await import('../../output/exchange/index.js')).renderExchange(report, format, loadPlaybook());
  return render(reportModel(report, { grouping: opts.group }), format, chalkFor(tty ? process.stdout : ({ isTTY: false } as NodeJS.WriteStream)));
}

/** What the terminal shows when the report goes to a file: the counts and one line per incident. */
function summaryLines(report: DetectReport): string[] {
  const bySeverity = severityCounts(report.findings);
  const counts = `${report.findings.length} finding(s)${bySeverity.length ? `: ${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}` : ''}${report.partial ? ' (partial: some input was not read in full)' : ''}`;
  const incidents = report.incidents.map((i) => printableLine(`${i.id}  ${i.maxSeverity}  score ${i.score}  ${i.findings} finding(s)  ${i.first} .. ${i.last}  ${i.actor.arn ?? i.actor.key}`));
  return [counts, ...incidents];
}

/** No CloudTrail record with a time was seen (parsed or prefiltered), nor an Insights event. */
function readNothing(report: DetectReport): boolean {
  return report.coverage?.span.first == null && (report.stats.skipped['insights-event'] ?? 0) === 0;
}

export async function run(opts: DetectOptions): Promise<number> {
  const format = parseOutputFormat(opts.output, REPORT_FORMATS);
  if (opts.groupGiven && format !== 'table') throw new UsageError(`--group lays out the table; --output ${format} has every finding on its own`, 'drop --group, or use --output table');
  if (opts.athenaCreateTable) {
    notice('detect --athena-create-table is deprecated and goes in the next release: use sm-ir prepare athena-table (same options)');
    if (opts.trailBucket && (opts.logs || (opts.source && opts.source !== 'athena'))) throw new UsageError('--athena-create-table creates the table; run detect --source athena afterwards');
    return (await import('../prepare/athena-table.js')).createAthenaTable({ ...opts, command: 'detect --athena-create-table' });
  }
  if (opts.out) (await import('../user-files.js')).checkUserFilePath(opts.out, '--out');
  const notes: string[] = [];
  const report = await detect(opts, new Date(), notes);
  for (const line of notes) notice(line);
  for (const s of report.sources) if (s.scan) notice(describeScan(s.scan));
  if (opts.out) {
    const { writeUserFile } = await import('../user-files.js');
    writeUserFile(opts.out, await renderReport(report, format, opts, false), '--out');
    process.stdout.write(fitLines(`${summaryLines(report).join('\n')}\nreport (${format}): ${printableLine(opts.out)}\n`, terminalWidth()));
  } else {
    process.stdout.write(await renderReport(report, format, opts, process.stdout.isTTY === true));
  }
  if (format === 'jsonl' || format === 'csv' || format === 'ocsf' || format === 'asff') {
    // These formats carry rows only: what was read (the coverage) goes to stderr, where a person sees it.
    const [window, counts] = statsLines(report);
    for (const line of [`inputs: ${printableLine(report.coverage?.inputs.join(', ') ?? '') || 'none'}`, window, counts]) notice(line as string);
    for (const line of aggregatedLines(report)) notice(printableLine(line));
  }
  if (format !== 'table' && report.stats.errors.length > 0) {
    // Structured output carries the errors; say so on stderr too, where a person will see it.
    notice(`${report.stats.errors.length} input(s) could not be read in full (see stats.errors)`);
  }
  if (opts.logs && readNothing(report)) {
    const why = [...report.stats.errors.map((e) => `${e.input}: ${e.reason}`), ...report.stats.skippedFiles.map((f) => `${f.input}: ${f.reason}`)];
    process.stderr.write(`sm-ir: no input: not one CloudTrail record was read from ${opts.logs.join(' ')} (exit 5, not "no findings")\n`);
    for (const line of why.slice(0, 10)) process.stderr.write(`sm-ir:   ${line}\n`);
    if (why.length > 10) process.stderr.write(`sm-ir:   ... ${why.length - 10} more in --output json (stats.errors, stats.skippedFiles)\n`);
    if (why.length === 0) process.stderr.write('sm-ir:   no log file found there\n');
    return ExitCode.noInput;
  }
  const failOn = opts.failOn as Severity | undefined;
  if (failOn && (report.findings.some((f) => atLeast(f.severity, failOn)) || report.aggregated.some((g) => atLeast(g.maxSeverity, failOn)))) return ExitCode.findings;
  return report.partial ? ExitCode.partial : ExitCode.ok;
}
