// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { at, keyUser, rec, type RuleFixtures } from '../fixture-kit.js';

const job = (i: number, t: string, over = {}) => rec('CreateTrainingJob', { trainingJobName: `job-${i}` }, { ...at(t), ...over });

/** Six training jobs by one principal, the first five within 10 minutes. */
export const burstJobs = [job(1, '12:00:00'), job(2, '12:01:00'), job(3, '12:03:00'), job(4, '12:06:00'), job(5, '12:09:59'), job(6, '12:12:00')];

export default {
  attack: [{ name: 'five creations by one principal within 10 minutes', records: [...burstJobs].reverse() }],
  nearMiss: [
    { name: 'four creations', records: [1, 2, 3, 4].map((i) => job(i, `12:0${i}:00`)) },
    { name: 'five creations an hour apart', records: [1, 2, 3, 4, 5].map((i) => job(i, `1${i}:00:00`)) },
    { name: 'five creations by two principals', records: [1, 2, 3, 4, 5].map((i) => job(i, `12:0${i}:00`, i % 2 ? { userIdentity: keyUser } : {})) },
  ],
} satisfies RuleFixtures;
