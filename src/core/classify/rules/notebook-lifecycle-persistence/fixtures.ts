// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { at, keyUser, rec, type RuleFixtures } from '../fixture-kit.js';

const stop = (t: string, over = {}) => rec('StopNotebookInstance', { notebookInstanceName: 'nb-1' }, { ...at(t), ...over });
const update = (t: string, over = {}) => rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', lifecycleConfigName: 'evil-lcc' }, { ...at(t), ...over });
const start = (t: string, over = {}) => rec('StartNotebookInstance', { notebookInstanceName: 'nb-1' }, { ...at(t), ...over });

/** Stop, Update with a lifecycle config, Start: one principal, within 8 minutes. */
export const persistence = { stop: stop('10:00:00'), update: update('10:06:30'), start: start('10:07:10') };

export default {
  attack: [{ name: 'stop, update with a lifecycle config, start, by one principal within the window', records: [persistence.start, persistence.stop, persistence.update] }],
  nearMiss: [
    { name: 'the update by another principal', records: [stop('10:00:00'), update('10:05:00', { userIdentity: keyUser }), start('10:10:00')] },
    {
      name: 'an update that sets no lifecycle config (resizing)',
      records: [stop('10:00:00'), rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', instanceType: 'ml.t3.large' }, at('10:05:00')), start('10:10:00')],
    },
    { name: 'started again outside the window', records: [stop('10:00:00'), update('10:05:00'), start('11:30:00')] },
    { name: 'the update before the stop', records: [update('09:55:00'), stop('10:00:00'), start('10:10:00')] },
  ],
} satisfies RuleFixtures;
