import { PlaybookDataError } from '../errors.js';
import { WRITTEN_BY, type PostureData } from './posture-schema.js';
import type { BestPracticesData, ContainmentData, RulesData, ScenariosData, ScpsData } from './schema.js';

interface PostureReferences {
  posture: PostureData;
  rules: RulesData;
  scenarios: ScenariosData;
  bestPractices: BestPracticesData;
  containment: ContainmentData;
  scps: ScpsData;
}

/** posture.json points into the rest of the playbook: ids unique, and every scenario, rule, practice, action and guardrail it names exists. */
export function checkPosture(pb: PostureReferences): void {
  const fail = (detail: string) => {
    throw new PlaybookDataError('posture.json', detail);
  };
  const scenarios = new Set(pb.scenarios.scenarios.map((s) => s.id));
  const rules = new Set(pb.rules.rules.map((r) => r.id));
  const practices = new Set(pb.bestPractices.groups.flatMap((g) => g.practices.map((p) => p.id)));
  const actions = new Set(pb.containment.actions.map((a) => a.id));
  const guardrails = new Map(pb.scps.statements.map((s) => [s.id, s.actions]));
  if (!rules.has(pb.posture.trustedAccountsRule)) fail(`unknown trustedAccountsRule '${pb.posture.trustedAccountsRule}'`);
  const seen = new Set<string>();
  for (const c of pb.posture.checks) {
    if (seen.has(c.id)) fail(`duplicate check id '${c.id}'`);
    seen.add(c.id);
    for (const s of c.scenarios ?? []) if (!scenarios.has(s)) fail(`${c.id}: unknown scenario '${s}' (scenarios.json)`);
    if (c.detectRule !== undefined && !rules.has(c.detectRule)) fail(`${c.id}: unknown detectRule '${c.detectRule}'`);
    if (c.bestPractice !== undefined && !practices.has(c.bestPractice)) fail(`${c.id}: unknown bestPractice '${c.bestPractice}' (best-practices.json)`);
    for (const f of c.fixes) {
      if (f.by === 'contain' && !actions.has(f.action)) fail(`${c.id}: unknown containment action '${f.action}' (containment.json)`);
      if (f.by !== 'prepare') continue;
      const denies = guardrails.get(f.guardrail);
      if (!denies) fail(`${c.id}: unknown guardrail '${f.guardrail}' (scps.json)`);
      // A guardrail prevents a weakness only if it denies a call that writes that kind of resource.
      else if (!denies.some((a) => WRITTEN_BY[c.resource].includes(a))) fail(`${c.id}: guardrail '${f.guardrail}' denies none of ${WRITTEN_BY[c.resource].join(', ')}`);
    }
  }
}
