import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlsOf } from '../../../src/core/analyze/controls.js';
import { checkQuestions } from '../../../src/playbook/check-questions.js';
import { PLAYBOOK_DIR, loadPlaybook, loadPlaybookFile, type Playbook } from '../../../src/playbook/load.js';

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

const data = loadPlaybookFile('questions');

describe('playbook/questions.json', () => {
  it('holds the 15 questions in the original wording, in order', () => {
    expect(data.questions.map((q) => (q.examples ? `${q.text} (${q.examples})` : q.text))).toEqual(ORIGINAL);
    expect(data.questions.map((q) => q.id)).toEqual(ORIGINAL.map((_, i) => `q${i + 1}`));
    expect(data.attribution).toContain('CC-BY-4.0');
  });

  describe('points only at what the rest of the playbook holds (checked at load)', () => {
    const pb = loadPlaybook();
    const broken = (mutate: (q: Playbook['questions']) => void) => {
      const questions = structuredClone(pb.questions);
      mutate(questions);
      return () => checkQuestions({ ...pb, questions });
    };
    it('the real data passes, and every practice of Q15 resolves to controls from the data', () => {
      expect(() => checkQuestions(pb)).not.toThrow();
      const practices = pb.questions.questions[14]!.evidence.practices!;
      expect(practices.map((p) => controlsOf(p, pb)).every((c) => c.length > 0)).toBe(true);
      expect(controlsOf(practices[0]!, pb)).toEqual([
        'best practice "Disable root access to notebooks if it is not needed"',
        'SCP SageMakerDenyRootAccess (Disable Root access in SageMaker Notebooks)',
        'AWS Config rule sagemaker-notebook-instance-root-access-check',
      ]);
    });
    it('every question answered from the logs names rules, scenarios or events that exist', () => {
      const rules = new Set(pb.rules.rules.map((r) => r.id));
      const scenarios = new Set(pb.scenarios.scenarios.map((s) => s.id));
      for (const q of pb.questions.questions.filter((x) => x.mode !== 'human')) {
        const ms = [...q.evidence.match, ...(q.evidence.practices ?? []).map((p) => p.match)];
        expect(ms.length, q.id).toBeGreaterThan(0);
        for (const m of ms) {
          for (const r of m.rules ?? []) expect(rules.has(r), `${q.id}: ${r}`).toBe(true);
          for (const s of m.scenarios ?? []) expect(scenarios.has(s), `${q.id}: ${s}`).toBe(true);
        }
      }
    });
    it('gives every detective rule a question that names it, so a new rule cannot go unanalysed', () => {
      const named = new Set(
        pb.questions.questions.flatMap((q) =>
          [...q.evidence.match, ...(q.evidence.highlight ?? []), ...(q.evidence.practices ?? []).map((p) => p.match)].flatMap((m) => m.rules ?? []),
        ),
      );
      // scenario-event findings carry the scenarios of their event: questions reach them by scenario.
      const byScenario = pb.questions.questions.some((q) => q.evidence.match.some((m) => m.scenarios && !m.rules));
      expect(byScenario).toBe(true);
      expect(pb.rules.rules.map((r) => r.id).filter((id) => id !== 'scenario-event' && !named.has(id))).toEqual([]);
    });
    it('rejects an unknown rule or scenario', () => {
      expect(broken((d) => (d.questions[3]!.evidence.match[2] = { rules: ['cross-acount-artifact'] }))).toThrow(
        "playbook data questions.json: q4: unknown rule 'cross-acount-artifact' (no rule folder rules/cross-acount-artifact/)",
      );
      expect(broken((d) => d.questions[1]!.evidence.highlight!.push({ scenarios: ['phishing'] }))).toThrow(/q2: unknown scenario 'phishing'/);
    });
    it('rejects an event pattern no event sm-ir reads can meet', () => {
      expect(broken((d) => (d.questions[9]!.evidence.match[1] = { eventName: 'AuthorizeSecurityGroupIngress' }))).toThrow(
        /q10: eventName \/AuthorizeSecurityGroupIngress\/ matches no operation of sources\.json/,
      );
      expect(broken((d) => (d.questions[6]!.evidence.match[0] = { eventSource: '^ec2\\.amazonaws\\.com$' }))).toThrow(/q7: eventSource .* matches no event source/);
    });
    it('rejects a practice citing a best practice, SCP or Config rule the data does not hold', () => {
      expect(broken((d) => (d.questions[14]!.evidence.practices![0]!.scps = ['deny-root']))).toThrow(/q15: 'Root access was left enabled on notebook instances\.' names 'deny-root', which scps\.json does not hold/);
      expect(broken((d) => (d.questions[14]!.evidence.practices![1]!.configRules = ['sagemaker-notebook-in-vpc']))).toThrow(/config-rules\.json does not hold/);
      expect(broken((d) => (d.questions[14]!.evidence.practices![2]!.bestPractices = ['vpc']))).toThrow(/best-practices\.json does not hold/);
    });
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
