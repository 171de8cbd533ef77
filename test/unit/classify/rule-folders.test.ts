import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_METADATA } from '../../../src/core/classify/rules/metadata.js';
import { RULES } from '../../../src/core/classify/registry.js';
import { buildRules } from '../../../src/core/classify/index.js';
import { defineRule } from '../../../src/core/classify/rule.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { z } from 'zod';

const RULES_DIR = fileURLToPath(new URL('../../../src/core/classify/rules/', import.meta.url));
const folders = readdirSync(RULES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('one folder per rule (src/core/classify/rules/<id>/)', () => {
  it('every folder holds rule.ts, meta.ts and fixtures.ts (its attack and near-miss records: rule-fixtures.test.ts)', () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) {
      expect(existsSync(`${RULES_DIR}${f}/rule.ts`), `${f}/rule.ts`).toBe(true);
      expect(existsSync(`${RULES_DIR}${f}/meta.ts`), `${f}/meta.ts`).toBe(true);
      expect(existsSync(`${RULES_DIR}${f}/fixtures.ts`), `${f}/fixtures.ts`).toBe(true);
    }
  });

  it('the metadata index and the registry list exactly the folders (a new folder must be added to both)', () => {
    expect(Object.keys(RULE_METADATA).sort()).toEqual(folders);
    expect(Object.keys(RULES).sort()).toEqual(folders);
  });

  it('folder name, metadata id and code id agree', () => {
    for (const f of folders) {
      expect((RULE_METADATA[f] as { id: string }).id).toBe(f);
      expect(RULES[f]?.id).toBe(f);
    }
    expect(loadPlaybook().rules.rules.map((r) => r.id).sort()).toEqual(folders);
  });

  it('fails clearly when a rule\'s code id differs from its folder', () => {
    const wrong = defineRule({ id: 'log-tamperingx', paramsSchema: z.object({}), create: () => ({ onRecord() {} }) });
    expect(() => buildRules(loadPlaybook(), { ...RULES, 'log-tampering': wrong })).toThrow(
      "playbook data rules/log-tampering/rule.ts: id 'log-tamperingx' differs from its folder name 'log-tampering'",
    );
  });
});
