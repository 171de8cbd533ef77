import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedReferencePages, REFERENCE_DIR, REGENERATE, REPO_DIR, readmeWithRuleTable, renderReferencePages } from '../../../scripts/generate-docs.js';
import { listSchemas } from '../../../src/commands/schema/index.js';
import { EXIT_CODE_MEANINGS, ExitCode } from '../../../src/errors.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

const pages = renderReferencePages();

describe('docs/reference/', () => {
  it(`is what the playbook and sm-ir schema say now (else: run \`${REGENERATE}\`)`, () => {
    expect(committedReferencePages().sort(), `pages added or removed: run \`${REGENERATE}\``).toEqual([...pages.keys()].sort());
    for (const [path, text] of pages) {
      expect(readFileSync(join(REFERENCE_DIR, path), 'utf8'), `docs/reference/${path} is stale: run \`${REGENERATE}\``).toBe(text);
    }
  });

  it(`README.md's rule table lists every rule as the playbook has it (else: run \`${REGENERATE}\`)`, () => {
    const readme = readFileSync(join(REPO_DIR, 'README.md'), 'utf8');
    expect(readme, `README.md's rule table is stale: run \`${REGENERATE}\``).toBe(readmeWithRuleTable(readme));
    for (const r of loadPlaybook().rules.rules) expect(readme).toContain(`[\`${r.id}\`]`);
  });

  it('documents every exit code, schema, rule, scenario and containment action', () => {
    for (const value of Object.values(ExitCode)) expect(EXIT_CODE_MEANINGS[value]).toBeTruthy();
    for (const { id } of listSchemas()) expect(pages.get('schemas.md')).toContain(`\`${id}\``);
    const pb = loadPlaybook();
    for (const s of pb.scenarios.scenarios) expect(pages.get('scenarios.md')).toContain(`\`${s.id}\``);
    for (const a of pb.containment.actions) {
      expect(pages.get('containment.md')).toContain(`\`${a.id}\``);
      for (const c of [...a.calls, ...a.evidence]) expect(pages.get('iam-permissions.md')).toContain(`\`${c.permission}\``);
    }
    const ruleIds = [...(pages.get('rules.md') ?? '').matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(ruleIds).toContain('scenario-event');
    expect(ruleIds.length).toBeGreaterThanOrEqual(12);
  });
});
