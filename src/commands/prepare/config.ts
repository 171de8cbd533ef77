/** Thin AWS Config adapter for prepare: one region at a time, read into plain data; PutConfigRule audited. */
import {
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  PutConfigRuleCommand,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import { awsErrorCode, explainAwsError } from '../../aws/errors.js';
import type { AuditLog } from '../../core/audit.js';
import type { SmIrError } from '../../errors.js';
import type { ConfigRegionState, PutConfigRuleStep } from '../../core/prepare/config-rules.js';
import { interruptible } from './interrupt.js';

async function call<T>(operation: string, region: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw explainAwsError(e, 'config', operation, `config:${operation}`, region);
  }
}

export async function readConfigRegion(client: ConfigServiceClient, region: string): Promise<ConfigRegionState> {
  const rec = await call('DescribeConfigurationRecorderStatus', region, () =>
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
  );
  const first = rec.ConfigurationRecordersStatus?.[0];
  const state: ConfigRegionState = {
    region,
    recorder: first ? { name: first.name ?? 'default', recording: first.recording ?? false, lastStatus: first.lastStatus ?? null } : null,
    rules: [],
    compliance: {},
  };
  let token: string | undefined;
  do {
    const page = await call('DescribeConfigRules', region, () => client.send(new DescribeConfigRulesCommand({ NextToken: token })));
    for (const r of page.ConfigRules ?? []) {
      if (r.ConfigRuleName) state.rules.push({ name: r.ConfigRuleName, owner: r.Source?.Owner ?? '', identifier: r.Source?.SourceIdentifier ?? '' });
    }
    token = page.NextToken;
  } while (token);
  // DescribeComplianceByConfigRule takes at most 25 names per call.
  const names = state.rules.map((r) => r.name);
  for (let i = 0; i < names.length; i += 25) {
    const batch = names.slice(i, i + 25);
    let t: string | undefined;
    do {
      const page = await call('DescribeComplianceByConfigRule', region, () =>
        client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: batch, NextToken: t })),
      );
      for (const c of page.ComplianceByConfigRules ?? []) {
        if (c.ConfigRuleName) state.compliance[c.ConfigRuleName] = c.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA';
      }
      t = page.NextToken;
    } while (t);
  }
  return state;
}

export async function putConfigRule(client: ConfigServiceClient, step: PutConfigRuleStep, audit: AuditLog, command: string): Promise<void> {
  try {
    const res = await client.send(new PutConfigRuleCommand({ ConfigRule: step.rule }));
    audit.append({ command, region: step.region, service: 'config', operation: 'PutConfigRule', parameters: step.rule, outcome: 'ok', requestId: res.$metadata?.requestId ?? null, error: null });
  } catch (e) {
    audit.append({
      command, region: step.region, service: 'config', operation: 'PutConfigRule', parameters: step.rule, outcome: 'error',
      requestId: null, error: { code: awsErrorCode(e) ?? null, message: (e as Error)?.message ?? String(e) },
    });
    throw explainAwsError(e, 'config', 'PutConfigRule', 'config:PutConfigRule', step.region);
  }
}

/** Create the rules one call at a time, each audited; a failure or Ctrl-C stops the run, saying how far it got. */
export async function applyConfigRules(clients: Map<string, ConfigServiceClient>, steps: PutConfigRuleStep[], audit: AuditLog, command: string): Promise<void> {
  const stop = interruptible(steps.length);
  try {
    for (const [done, step] of steps.entries()) {
      stop.check(done);
      const client = clients.get(step.region);
      if (!client) continue;
      await putConfigRule(client, step, audit, command).catch((e: SmIrError) => {
        e.message = `${e.message} (after ${done} of ${steps.length} change(s); fix the cause and re-run: only the missing rules are created)`;
        throw e;
      });
    }
  } finally {
    stop.dispose();
  }
}
