// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { at, keyUser, rec, type RuleFixtures } from '../fixture-kit.js';

const create = (t: string, config = 'team-setup') => rec('CreateNotebookInstance', { notebookInstanceName: 'nb-1', instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::111122223333:role/r', lifecycleConfigName: config }, at(t));
const rewrite = (t: string, over = {}) => rec('UpdateNotebookInstanceLifecycleConfig', { notebookInstanceLifecycleConfigName: 'team-setup', onStart: [{ content: 'IyEvYmluL2Jhc2gKZWNobyBoaQo=' }] }, { ...at(t), ...over });
const stop = (t: string, over = {}) => rec('StopNotebookInstance', { notebookInstanceName: 'nb-1' }, { ...at(t), ...over });
const start = (t: string, over = {}) => rec('StartNotebookInstance', { notebookInstanceName: 'nb-1' }, { ...at(t), ...over });

export default {
  attack: [
    { name: 'the script of a notebook rewritten, the notebook stopped and started, no UpdateNotebookInstance', records: [create('08:00:00'), rewrite('10:00:00'), stop('10:02:00'), start('10:08:00')] },
    { name: 'the same, the notebook created before the window', records: [rewrite('10:00:00'), stop('10:02:00'), start('10:08:00')] },
  ],
  nearMiss: [
    { name: 'started by another principal (the owner, the next morning routine)', records: [create('08:00:00'), rewrite('10:00:00'), start('10:08:00', { userIdentity: keyUser })] },
    { name: 'a notebook that runs another configuration', records: [create('08:00:00', 'other-setup'), rewrite('10:00:00'), stop('10:02:00'), start('10:08:00')] },
    { name: 'started before the rewrite', records: [create('08:00:00'), stop('09:50:00'), start('09:55:00'), rewrite('10:00:00')] },
    { name: 'started long after the window', records: [create('08:00:00'), rewrite('10:00:00'), start('12:30:00')] },
    { name: 'a rewrite that fails', records: [create('08:00:00'), rewrite('10:00:00', { errorCode: 'ValidationException' }), start('10:08:00')] },
  ],
} satisfies RuleFixtures;
