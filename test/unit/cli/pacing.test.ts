import { describe, expect, it } from 'vitest';
import { lookupEventsRate, postureRate, scpEnablePollMs } from '../../../src/commands/pacing.js';

describe('pace knobs from the environment (tests raise them; docs/development.md)', () => {
  it("default to AWS's pace", () => {
    expect(lookupEventsRate({})).toBeUndefined();
    expect(scpEnablePollMs({})).toBe(1000);
    expect(lookupEventsRate({ SM_IR_LOOKUP_EVENTS_RATE: '' })).toBeUndefined();
    expect(postureRate({})).toBeUndefined(); // playbook/posture.json's pacing
  });

  it('take a positive number', () => {
    expect(lookupEventsRate({ SM_IR_LOOKUP_EVENTS_RATE: '1000' })).toBe(1000);
    expect(scpEnablePollMs({ SM_IR_SCP_ENABLE_POLL_MS: '1' })).toBe(1);
    expect(postureRate({ SM_IR_POSTURE_RATE: '2.5' })).toBe(2.5);
  });

  it('refuse anything else as a usage error naming the variable', () => {
    expect(() => lookupEventsRate({ SM_IR_LOOKUP_EVENTS_RATE: 'fast' })).toThrow("SM_IR_LOOKUP_EVENTS_RATE: expected a positive number of calls per second, got 'fast'");
    expect(() => postureRate({ SM_IR_POSTURE_RATE: '-1' })).toThrow("SM_IR_POSTURE_RATE: expected a positive number of calls per second, got '-1'");
    expect(() => scpEnablePollMs({ SM_IR_SCP_ENABLE_POLL_MS: '0' })).toThrow("SM_IR_SCP_ENABLE_POLL_MS: expected a positive number of milliseconds, got '0'");
  });
});
