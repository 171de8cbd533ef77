import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYBOOK_DIR, loadPlaybookFile } from '../../../src/playbook/load.js';

/** The English original's questions (playbook-facts.md section 4), verbatim. */
const ORIGINAL = [
  'Which SageMaker resources were accessed without authorization? (e.g., notebooks, models, endpoints, data stores)',
  'How was the unauthorized access gained? (e.g., compromised credentials, misconfigured permissions, exploited vulnerabilities)',
  'What actions were performed on the affected SageMaker resources during the unauthorized access?',
  'Were any models or data exfiltrated or tampered with?',
  'If models were accessed, is there a risk of model poisoning or adversarial attacks?',
  'Were any new resources (e.g., notebooks, endpoints) created or modified during the unauthorized access?',
  'Were any SageMaker APIs or SDKs used during the unauthorized access, and what actions were performed through them?',
  'Were any SageMaker logs or audit trails modified or deleted to cover tracks?',
  'Were any SageMaker roles or IAM policies modified or misused during the incident?',
  'Were any SageMaker VPC configurations or network settings altered?',
  'Were any SageMaker notebooks or instances used as entry points or pivot points for further unauthorized access?',
  'Were any SageMaker resources used to launch attacks or malicious activities against other AWS resources or external systems?',
  'What is the potential impact of the unauthorized access on the confidentiality, integrity, and availability of SageMaker resources and associated data?',
  'How can the affected SageMaker resources be securely isolated, backed up, and potentially recovered or rebuilt?',
  'What specific SageMaker security best practices or configurations were not followed, leading to the unauthorized access?',
];

/** The shared vocabulary of HELPERS.md: rule and scenario ids the data may name. */
const RULES = [
  'scenario-event', 'notebook-insecure-config', 'lifecycle-script-suspicious', 'notebook-lifecycle-persistence', 'presigned-url-access',
  'execution-role-passed', 'large-instance-type', 'creation-burst', 'cross-account-artifact', 'log-tampering', 'sagemaker-role-iam-change',
  'failed-call-burst',
];
const SCENARIOS = [
  'data-model-exfiltration', 'data-poisoning', 'resource-misuse', 'denial-of-service', 'configuration-changes', 'log-tampering',
  'malware-deployment', 'credential-theft', 'cryptojacking',
];

const data = loadPlaybookFile('questions');

describe('playbook/questions.json', () => {
  it('holds the 15 questions in the original wording, in order', () => {
    expect(data.questions.map((q) => (q.examples ? `${q.text} (${q.examples})` : q.text))).toEqual(ORIGINAL);
    expect(data.questions.map((q) => q.id)).toEqual(ORIGINAL.map((_, i) => `q${i + 1}`));
    expect(data.attribution).toContain('CC-BY-4.0');
  });

  it('names only known rules and scenarios', () => {
    const matches = data.questions.flatMap((q) => [...q.evidence.match, ...(q.evidence.highlight ?? []), ...(q.evidence.practices ?? []).map((p) => p.match)]);
    for (const m of matches) {
      for (const r of m.rules ?? []) expect(RULES, r).toContain(r);
      for (const s of m.scenarios ?? []) expect(SCENARIOS, s).toContain(s);
    }
  });

  it('leaves impact and recovery to a human, and poisoning to a human with evidence', () => {
    expect(Object.fromEntries(data.questions.filter((q) => q.mode !== 'logs').map((q) => [q.id, q.mode]))).toEqual({
      q5: 'human-with-evidence',
      q13: 'human',
      q14: 'human',
    });
  });

  describe('validation names the file and the field', () => {
    const raw = JSON.parse(readFileSync(join(PLAYBOOK_DIR, 'questions.json'), 'utf8'));
    const load = (mutate: (d: typeof raw) => void) => {
      const copy = structuredClone(raw);
      mutate(copy);
      const dir = mkdtempSync(join(tmpdir(), 'sm-ir-q-'));
      writeFileSync(join(dir, 'questions.json'), JSON.stringify(copy));
      return () => loadPlaybookFile('questions', dir);
    };
    it('rejects an invalid regular expression', () => {
      expect(load((d) => (d.questions[5].evidence.match[0].eventName = '^(Create'))).toThrow(/questions\.json: questions\.5\.evidence\.match\.0\.eventName: a valid regular expression/);
    });
    it('rejects an id that does not match its number, and questions out of order', () => {
      expect(load((d) => (d.questions[0].id = 'q2'))).toThrow(/id q2 does not match number 1/);
      expect(load((d) => d.questions.reverse())).toThrow(/out of order/);
    });
    it('rejects practices without the practices extractor, and an empty match', () => {
      expect(load((d) => (d.questions[14].evidence.extractor = 'findings'))).toThrow(/practices are given exactly when/);
      expect(load((d) => (d.questions[0].evidence.match = [{}]))).toThrow(/a match needs at least one field/);
      expect(load((d) => (d.questions[0].evidence.match = []))).toThrow(/names no findings/);
    });
  });
});
