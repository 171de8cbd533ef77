import { PlaybookDataError } from '../../errors.js';
import type { Playbook } from '../../playbook/load.js';
import type { Practice } from '../../playbook/schema.js';

/** The parts of the playbook the checklist reads: the questions, and the controls Q15's practices point to. */
export type ChecklistPlaybook = Pick<Playbook, 'questions' | 'bestPractices' | 'scps' | 'configRules'>;

function find<T>(items: readonly T[], key: (t: T) => string, id: string, file: string): T {
  const hit = items.find((t) => key(t) === id);
  if (!hit) throw new PlaybookDataError('questions.json', `a practice names '${id}', which ${file} does not hold`);
  return hit;
}

/** What enforces a practice, said from the playbook data its ids point to, then the controls the data does not hold. */
export function controlsOf(p: Practice, pb: Omit<ChecklistPlaybook, 'questions'>): string[] {
  const practices = pb.bestPractices.groups.flatMap((g) => g.practices);
  return [
    ...(p.bestPractices ?? []).map((id) => `best practice "${find(practices, (x) => x.id, id, 'best-practices.json').text}"`),
    ...(p.scps ?? []).map((id) => {
      const s = find(pb.scps.statements, (x) => x.id, id, 'scps.json');
      return `SCP ${s.sid} (${s.title})`;
    }),
    ...(p.configRules ?? []).map((name) => `AWS Config rule ${find(pb.configRules.rules, (x) => x.name, name, 'config-rules.json').name}`),
    ...(p.controls ?? []),
  ];
}
