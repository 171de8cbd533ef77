/**
 * The command line as a function: builds the program (each command's options from
 * src/commands/<name>/command.ts; its work, in index.ts, is imported only when it runs, so
 * `sm-ir --help` never loads the AWS SDK), parses argv, and turns any error into sm-ir's one-line
 * message and an exit code. src/cli.ts calls it and is the only place that exits; tests call it in
 * process. `sm-ir --version` alone is answered before even the option parser loads (test/perf/startup.test.ts).
 */
import type { Command } from 'commander';
import { ExitCode, SmIrError } from './errors.js';
import { packageVersion as version } from './package-root.js';

export async function buildProgram(): Promise<Command> {
  const [{ Command }, { COMMANDS }, { conflictWords }, { terminalWidth }] = await Promise.all([
    import('commander'),
    import('./commands/registry.js'),
    import('./commands/conflicts.js'),
    import('./view/fit.js'),
  ]);
  const program = new Command('sm-ir')
    .description("Incident response for Amazon SageMaker, after AWS's playbook 'Responding to SageMaker Security Events'")
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's own usage errors read like sm-ir's: "sm-ir: unknown option ...", and options refused
    // together (Option.conflicts) say why, in the words their command gave (commands/conflicts.ts).
    .configureOutput({ outputError: (text, write) => write(conflictWords(text) ?? text.replace(/^error: /, 'sm-ir: ')) })
    .configureHelp({ sortSubcommands: false, helpWidth: terminalWidth(), minWidthToWrap: 20 })
    // A command's options go after its name and before its subcommand's (prepare athena-table reuses --yes, --regions ...).
    .enablePositionalOptions()
    .exitOverride();
  for (const define of COMMANDS) define(program);
  const [{ addGlobalOptions }, { addHelpSections }] = await Promise.all([import('./commands/globals.js'), import('./commands/help.js')]);
  addGlobalOptions(program);
  addHelpSections(program);
  return program;
}

async function report(err: unknown): Promise<number> {
  const { CommanderError } = await import('commander');
  if (err instanceof CommanderError) {
    // Commander already printed its message; help and version are successes.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage;
  }
  if (err instanceof SmIrError) {
    // Messages quote inputs (paths, S3 keys, AWS answers): shown printable, as reports are.
    const { printable } = await import('./view/printable.js');
    process.stderr.write(`sm-ir: ${printable(err.message)}\n`);
    if (err.hint) process.stderr.write(`  hint: ${printable(err.hint)}\n`);
    if (process.env.SM_IR_DEBUG && err.cause) process.stderr.write(`${String((err.cause as Error).stack ?? err.cause)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`sm-ir: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.SM_IR_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  else process.stderr.write('  hint: re-run with SM_IR_DEBUG=1 for details, and please report it\n');
  return ExitCode.runtime;
}

/** Runs sm-ir on argv (as process.argv: node, script, args...) and returns the exit code; writes only to stdout and stderr. */
export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${version()}\n`);
    return ExitCode.ok;
  }
  try {
    const program = await buildProgram();
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    return report(err);
  }
}
