import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/playbook/load.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
/** Every `service:Action` in backquotes in the text, GetCallerIdentity aside (it needs no permission). */
const permissions = (text: string) => [...text.matchAll(/`([a-z0-9-]+:[A-Z][A-Za-z0-9]+)`/g)].map((m) => m[1]!).filter((p) => p !== 'sts:GetCallerIdentity');

describe("posture's documented IAM permissions", () => {
  // test/e2e/posture.test.ts checks that these are exactly the calls posture makes.
  const declared = [...loadPlaybook().posture.permissions].sort();

  it('docs/commands/posture.md lists exactly the playbook\'s posture permissions', () => {
    const section = read('docs/commands/posture.md').split('## IAM permissions')[1]!.split('\n## ')[0]!;
    expect([...new Set(permissions(section))].sort()).toEqual(declared);
  });

  it("the README's posture section lists exactly them too", () => {
    const section = read('README.md').split('## Posture:')[1]!.split('\n## ')[0]!;
    expect([...new Set(permissions(section))].sort()).toEqual(declared);
  });
});
