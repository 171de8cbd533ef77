import { PlaybookDataError } from '../errors.js';
import type {
  BestPracticesData,
  ConfigRulesData,
  FindingMatch,
  QuestionsData,
  RulesData,
  ScenariosData,
  ScpsData,
  SourcesData,
} from './schema.js';

/** The playbook files questions.json refers to: the loader's Playbook fits, and this module need not import the loader. */
interface QuestionReferences {
  questions: QuestionsData;
  rules: RulesData;
  scenarios: ScenariosData;
  sources: SourcesData;
  bestPractices: BestPracticesData;
  scps: ScpsData;
  configRules: ConfigRulesData;
}

/**
 * questions.json points into the rest of the playbook: the rules and scenarios its matches name, the
 * event sources and names they look for, and the best practices, SCPs and Config rules Q15 cites.
 * Every reference must resolve, and every event pattern must be able to match an event sm-ir reads
 * (a pattern no watched event can meet would leave a question silently empty).
 */
export function checkQuestions(pb: QuestionReferences): void {
  const fail = (q: string, detail: string) => {
    throw new PlaybookDataError('questions.json', `${q}: ${detail}`);
  };
  const rules = new Set(pb.rules.rules.map((r) => r.id));
  const scenarios = new Set(pb.scenarios.scenarios.map((s) => s.id));
  const sources = pb.sources.sources.map((s) => s.source);
  const operations = pb.sources.sources.flatMap((s) => s.operations);
  const ids = {
    bestPractices: new Set(pb.bestPractices.groups.flatMap((g) => g.practices.map((p) => p.id))),
    scps: new Set(pb.scps.statements.map((s) => s.id)),
    configRules: new Set(pb.configRules.rules.map((r) => r.name)),
  };
  const file = { bestPractices: 'best-practices.json', scps: 'scps.json', configRules: 'config-rules.json' } as const;

  for (const q of pb.questions.questions) {
    const practices = q.evidence.practices ?? [];
    const all: FindingMatch[] = [...q.evidence.match, ...(q.evidence.highlight ?? []), ...practices.map((p) => p.match)];
    for (const m of all) {
      for (const r of m.rules ?? []) if (!rules.has(r)) fail(q.id, `unknown rule '${r}' (no rule folder rules/${r}/)`);
      for (const s of m.scenarios ?? []) if (!scenarios.has(s)) fail(q.id, `unknown scenario '${s}' (scenarios.json)`);
      if (m.eventSource !== undefined && !sources.some((s) => new RegExp(m.eventSource as string).test(s))) {
        fail(q.id, `eventSource /${m.eventSource}/ matches no event source of sources.json`);
      }
      if (m.eventName !== undefined && !operations.some((o) => new RegExp(m.eventName as string).test(o))) {
        fail(q.id, `eventName /${m.eventName}/ matches no operation of sources.json`);
      }
    }
    for (const p of practices) {
      for (const key of ['bestPractices', 'scps', 'configRules'] as const) {
        for (const id of p[key] ?? []) if (!ids[key].has(id)) fail(q.id, `'${p.practice}' names '${id}', which ${file[key]} does not hold`);
      }
    }
  }
}
