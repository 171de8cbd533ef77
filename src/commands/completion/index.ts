/**
 * `sm-ir completion bash|zsh|fish`: the command tree as commander holds it (commands, options, choices) and
 * the values the playbook data names (scenario ids, rule ids, containment actions, playbook sections, schema
 * ids), written as one script per shell from the same table, so completion never drifts from the program.
 */
import type { Command } from 'commander';
import { loadPlaybook } from '../../playbook/load.js';
import { SECTIONS } from '../playbook/sections/index.js';
import { listSchemas } from '../schema/index.js';
import type { Shell } from './shells.js';
import { bashScript, fishScript, zshScript, type CompletionTable } from './scripts.js';

/** Options whose values are files or directories (the shell completes paths). */
const PATH_OPTIONS = new Set(['--logs', '--findings', '--case', '--out', '--suppress', '--aggregated-ids', '--save-events', '--audit-log', '--from-findings', '--config']);

export function completionTable(program: Command): CompletionTable {
  const pb = loadPlaybook();
  const values: Record<string, string[]> = {
    '--scenario': pb.scenarios.scenarios.map((s) => s.id),
    '--rule': pb.rules.rules.map((r) => r.id),
  };
  const positional: Record<string, string[]> = {
    contain: pb.containment.actions.map((a) => a.id),
    playbook: SECTIONS.map((s) => s.name),
    schema: listSchemas().map((s) => s.id),
    completion: ['bash', 'zsh', 'fish'],
  };
  const table: CompletionTable = { commands: {} };
  const walk = (cmd: Command, path: string) => {
    table.commands[path] = {
      subcommands: cmd.commands.map((c) => c.name()),
      options: cmd.options.flatMap((o) => {
        if (!o.long || o.hidden) return [];
        const choices = (o as { argChoices?: string[] }).argChoices;
        const takesValue = o.required || o.optional;
        return [{ flag: o.long, ...(takesValue ? { values: choices ?? values[o.long] ?? [] } : {}), ...(takesValue && PATH_OPTIONS.has(o.long) ? { path: true } : {}) }];
      }),
      positional: positional[path] ?? [],
    };
    for (const c of cmd.commands) walk(c, path === '' ? c.name() : `${path} ${c.name()}`);
  };
  walk(program, '');
  return table;
}

export async function run(shell: Shell, program: Command): Promise<number> {
  const table = completionTable(program);
  process.stdout.write(shell === 'bash' ? bashScript(table) : shell === 'zsh' ? zshScript(table) : fishScript(table));
  return 0;
}
