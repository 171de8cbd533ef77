// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { rec, type RuleFixtures } from '../fixture-kit.js';

export default {
  attack: [
    { name: 'a data-quality schedule stopped', records: [rec('StopMonitoringSchedule', { monitoringScheduleName: 'fraud-data-quality' })] },
    { name: 'a model-quality schedule deleted', records: [rec('DeleteMonitoringSchedule', { monitoringScheduleName: 'fraud-model-quality' })] },
  ],
  nearMiss: [
    { name: 'a schedule started again', records: [rec('StartMonitoringSchedule', { monitoringScheduleName: 'fraud-data-quality' })] },
    { name: 'a schedule described', records: [rec('DescribeMonitoringSchedule', { monitoringScheduleName: 'fraud-data-quality' }, { readOnly: true })] },
  ],
} satisfies RuleFixtures;
