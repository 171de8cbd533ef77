/**
 * `sm-ir completion bash|zsh|fish` through the binary: the bash script is sourced and asked as bash asks it
 * (COMP_WORDS), the zsh and fish scripts are parsed by their shells when those are installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-completion-'));
const scripts: Record<string, string> = {};
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCli(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = join(dir, `sm-ir.${shell}`);
    writeFileSync(scripts[shell] as string, r.stdout);
  }
}, 60_000);

/** What bash offers after these words (the last one is being typed). */
function bashOffers(...words: string[]): string[] {
  const script = `source ${JSON.stringify(scripts.bash)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _sm_ir; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('sm-ir completion', () => {
  it('bash: commands, options, and the values the playbook names', () => {
    expect(bashOffers('sm-ir', '')).toEqual(['prepare', 'posture', 'detect', 'analyze', 'contain', 'playbook', 'schema', 'completion']);
    expect(bashOffers('sm-ir', 'detect', '--sce')).toEqual(['--scenario']);
    expect(bashOffers('sm-ir', 'detect', '--since', '24h', '--scenario', 'cr')).toEqual(['credential-theft', 'cryptojacking']);
    expect(bashOffers('sm-ir', 'detect', '--rule', 'studio')).toEqual(['studio-lifecycle-attached']);
    expect(bashOffers('sm-ir', 'detect', '--output', '')).toEqual(['table', 'json', 'jsonl', 'csv', 'markdown', 'html', 'ocsf', 'asff']);
    expect(bashOffers('sm-ir', 'contain', 'disable-')).toEqual(['disable-root-access']);
    expect(bashOffers('sm-ir', 'prepare', 'athena-table', '--trail')).toEqual(['--trail-bucket']);
    // Options before the command are the program's: the command is still found after them.
    expect(bashOffers('sm-ir', '--profile', 'ir', 'posture', '--fail-on', 'cr')).toEqual(['critical']);
  });

  it.skipIf(!has('zsh'))('zsh: the script parses', () => {
    expect(spawnSync('zsh', ['-n', scripts.zsh as string]).status).toBe(0);
  });

  it.skipIf(!has('fish'))('fish: the script parses and completes a command', () => {
    expect(spawnSync('fish', ['-n', scripts.fish as string]).status).toBe(0);
    const out = execFileSync('fish', ['-c', `source ${scripts.fish}; complete -C 'sm-ir detect --scenario cr'`], { encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['credential-theft', 'cryptojacking']);
  });

  it('an unknown shell is a usage error', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});
