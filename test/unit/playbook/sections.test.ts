import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadPlaybook, playbookFileSchema } from '../../../src/playbook/load.js';
import { run } from '../../../src/commands/playbook/index.js';
import { SECTIONS } from '../../../src/commands/playbook/sections/index.js';
import { playbookSchemas, PLAYBOOK_SCHEMA_ID } from '../../../src/commands/playbook/schema.js';

const pb = loadPlaybook();
const schemas = playbookSchemas();

async function output(section: string | undefined, format: string): Promise<string> {
  let text = '';
  const out = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  expect(await run({ ...(section ? { section } : {}), output: format }, out)).toBe(0);
  return text;
}

/** Parse strictly: an extra or missing field in the output is a failure, as it would be for a JSON Schema consumer. */
function strictParse(id: string, doc: unknown): void {
  const entry = schemas[id];
  expect(entry, id).toBeDefined();
  const json = z.toJSONSchema(entry!.schema) as { required?: string[]; additionalProperties?: boolean };
  expect(json.additionalProperties).toBe(false);
  expect(Object.keys(doc as object).sort()).toEqual([...(json.required ?? [])].sort());
  const parsed = entry!.schema.safeParse(doc);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
}

describe('playbook sections', () => {
  // Wide enough that no prose line is wrapped (every view fits the terminal's width, issue 20).
  beforeAll(() => vi.stubEnv('COLUMNS', '1000'));
  afterAll(() => vi.unstubAllEnvs());
  it('registers the ten sections in the playbook order, each with its own schema id', () => {
    expect(SECTIONS.map((s) => s.name)).toEqual(['scenarios', 'sources', 'rules', 'attack', 'questions', 'scps', 'config-rules', 'containment', 'best-practices', 'posture']);
    for (const s of SECTIONS) expect(s.schemaId).toBe(`sm-ir/playbook-${s.name}@1`);
    expect(Object.keys(schemas).sort()).toEqual([PLAYBOOK_SCHEMA_ID, ...SECTIONS.map((s) => s.schemaId)].sort());
  });

  it.each(SECTIONS.map((s) => [s.name, s] as const))('%s: JSON is the validated playbook file under its schema id, and fits that schema', async (name, section) => {
    const doc = JSON.parse(await output(name, 'json')) as Record<string, unknown>;
    expect(doc.schema).toBe(section.schemaId);
    strictParse(section.schemaId, doc);
    const file = playbookFileSchema(section.file).parse(doc);
    const { schema: _s, attribution: _a, ...rest } = doc;
    const { attribution: _fa, ...fileRest } = file as Record<string, unknown>;
    expect(rest).toEqual(fileRest);
  });

  it('the whole playbook JSON fits sm-ir/playbook@1', async () => {
    strictParse(PLAYBOOK_SCHEMA_ID, JSON.parse(await output(undefined, 'json')));
  });

  it('a schema catches drift: a missing field or a wrong type fails validation', async () => {
    const doc = JSON.parse(await output('rules', 'json')) as { rules: Record<string, unknown>[] };
    const schema = schemas['sm-ir/playbook-rules@1']!.schema;
    expect(schema.safeParse({ ...doc, rules: doc.rules.map(({ severity: _, ...r }) => r) }).success).toBe(false);
    expect(schema.safeParse({ ...doc, rules: doc.rules.map((r) => ({ ...r, mitre: 'T1530' })) }).success).toBe(false);
  });

  it('attack: every technique under each of its tactics, with the rules and scenarios that name it', async () => {
    const rows = SECTIONS.find((s) => s.name === 'attack')!.build(pb).items as { id: string; tactics: string[]; rules: string[]; scenarios: string[] }[];
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(pb.attack.techniques).sort());
    expect(rows.find((r) => r.id === 'T1037')).toMatchObject({ tactics: ['Persistence', 'Privilege Escalation'], scenarios: ['malware-deployment'] });
    expect(rows.find((r) => r.id === 'T1037')?.rules).toContain('studio-lifecycle-attached');
    for (const rule of pb.rules.rules) for (const t of rule.mitre) expect(rows.find((r) => r.id === t)?.rules).toContain(rule.id);
    const md = await output('attack', 'markdown');
    expect(await output('attack', 'table')).toContain('rule studio-lifecycle-attached');
    expect(md).toContain('### Persistence');
    expect(md).toContain('[T1037](https://attack.mitre.org/techniques/T1037/)');
  });

  it('rules: every rule with severity, confidence and its tunable numbers', async () => {
    const text = await output('rules', 'table');
    for (const r of pb.rules.rules) expect(text).toContain(`${r.id}  ${r.title}  [${r.severity}, ${r.confidence} evidence]`);
    expect(text).toMatch(/failed-call-burst[\s\S]*params: threshold=5, windowMinutes=10/);
    const md = await output('rules', 'markdown');
    expect(md).toContain('### Burst of denied calls by one principal (`failed-call-burst`)');
    expect(md).toContain('[T1580](https://attack.mitre.org/techniques/T1580/)');
    expect(md).toContain('"errorCodes": [');
  });

  it('questions: the fifteen questions in order, with what the responder checks', async () => {
    const text = await output('questions', 'table');
    const numbers = [...text.matchAll(/^Q(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const q1 = pb.questions.questions[0]!;
    expect(text).toContain(`Q1. ${q1.text} (${q1.examples})`);
    for (const g of q1.guidance) expect(text).toContain(`  > ${g}`);
    const md = await output('questions', 'markdown');
    expect(md).toContain(`Not visible in the logs: ${q1.notVisible}`);
    expect(md).toContain(pb.questions.attribution);
  });

  it('scps: each statement with its denied actions and condition, corrections marked, the original condition kept', async () => {
    const text = await output('scps', 'table');
    for (const s of pb.scps.statements) expect(text).toContain(`${s.id}  ${s.title}  (Sid ${s.sid})`);
    const corrected = pb.scps.statements.filter((s) => s.correction);
    expect(corrected.length).toBeGreaterThan(0);
    for (const s of corrected) expect(text).toContain(`corrected: ${s.correction}`);
    for (const p of pb.scps.parameters) expect(text).toContain(p.flag);
    const md = await output('scps', 'markdown');
    expect(md).toContain("The original playbook's condition: `{\"Null\":{\"sagemaker:VolumeKmsKey\":[\"true\"]}}`");
    expect(md).toContain('`sagemaker:CreatePresignedNotebookInstanceUrl`');
    // The file's own attribution (it names the corrections) is kept in the section's JSON.
    expect(JSON.parse(await output('scps', 'json')).attribution).toBe(pb.scps.attribution);
  });

  it('config-rules: identifiers, scopes and documentation links', async () => {
    const text = await output('config-rules', 'table');
    for (const r of pb.configRules.rules) expect(text).toContain(`${r.name}  ${r.identifier}  [${r.trigger}]`);
    const md = await output('config-rules', 'markdown');
    for (const r of pb.configRules.rules) expect(md).toContain(`| [${r.name}](${r.docs}) | \`${r.identifier}\` |`);
  });

  it('containment: every call with its IAM permission, the evidence read first, docs and the policies attached', async () => {
    const text = await output('containment', 'table');
    for (const a of pb.containment.actions) {
      expect(text).toContain(`${a.id}  ${a.title}`);
      for (const c of a.calls) expect(text).toContain(`  - ${c.permission}: ${c.purpose}`);
      for (const d of a.docs) expect(text).toContain(d);
    }
    expect(text).toContain(`quarantine: ${pb.containment.policies.quarantine.name}`);
    const md = await output('containment', 'markdown');
    expect(md).toContain('| `DeleteEndpoint` | `sagemaker:DeleteEndpoint` | delete the endpoint |');
    expect(md).toContain('Evidence captured first with: `sagemaker:DescribeEndpoint`');
    expect(md).toContain('"aws:TokenIssueTime": "${now}"');
  });

  it('the whole playbook shows every section in order, in the terminal and in markdown', async () => {
    const text = await output(undefined, 'table');
    expect(text).toContain(`Detective rules (${pb.rules.rules.length})`);
    expect(text).toContain(`Containment and eradication steps (${pb.containment.actions.length})`);
    const md = await output(undefined, 'markdown');
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'Threat scenarios',
      'Watched event sources',
      'Detective rules',
      'MITRE ATT&CK coverage',
      'Analysis questions',
      'Service control policies',
      'AWS Config managed rules',
      'Containment and eradication steps',
      'Best practices',
      'Posture checks',
    ]);
  });
});
