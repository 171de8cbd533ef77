#!/usr/bin/env node
/**
 * The entry point: runs the command line (src/program.ts) and is the only place that exits.
 * Each command lives in src/commands/<name>/ (command.ts its options, index.ts its work).
 */
import { ExitCode } from './errors.js';
import { main } from './program.js';

// A closed pipe (`sm-ir detect | head`) is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(ExitCode.ok);
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
