/**
 * Applies planned SCP steps one call at a time, each recorded in the audit log. A call whose wanted
 * state already holds (a racing run got there first) counts as done; a CreatePolicy that meets
 * sm-ir's own same-named policy adopts it. Anything else stops the run, saying how far it got.
 */
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  TagResourceCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { awsErrorCode, explainAwsError } from '../../aws/errors.js';
import { runSteps, type ChangeStep } from '../../core/change/engine.js';
import type { CallRecorder } from '../../core/change/recorder.js';
import { AwsCallError, SmIrError } from '../../errors.js';
import { notOursBecause, sameDocument, type Ownership, type ScpStep } from '../../core/prepare/plan.js';
import { progressOnStderr } from '../../output/terminal.js';
import { SCP, call, findPolicyByName, readContent, readTags } from './organizations.js';

type Sent = { $metadata?: { requestId?: string } };

/** Error codes that mean the step's outcome is already in place. */
const ALREADY_DONE_BY_OPERATION: Record<string, string> = {
  EnablePolicyType: 'PolicyTypeAlreadyEnabledException',
  AttachPolicy: 'DuplicatePolicyAttachmentException',
  DetachPolicy: 'PolicyNotAttachedException',
  DeletePolicy: 'PolicyNotFoundException',
};

/** For auditedClient: an Organizations error that means the change was already in place. */
export const scpAlreadyDone = (operation: string, code: string | null): boolean => code !== null && ALREADY_DONE_BY_OPERATION[operation] === code;

function explainStepError(e: unknown, step: ScpStep, operation: string): SmIrError {
  const name = 'name' in step ? step.name : step.rootId;
  const code = awsErrorCode(e);
  const message = (e as Error)?.message ?? String(e);
  const reason = (e as { Reason?: string }).Reason;
  if (code === 'DuplicatePolicyException') {
    return new AwsCallError('organizations', operation, `a policy named ${name} already exists`, {
      awsCode: code,
      hint: 'it is not sm-ir\'s (sm-ir\'s carry the id and content-hash tags it generated), so sm-ir left it alone: rename or remove it',
      cause: e,
    });
  }
  if (code === 'ConstraintViolationException') {
    return new AwsCallError('organizations', operation, `Organizations refused: ${reason ?? ''} ${message}`.trim(), {
      awsCode: code,
      hint: reason === 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'
        ? 'the target already carries 5 SCPs (something was attached since the plan was made): detach one, or attach the guardrails to a parent OU'
        : 'see the Organizations quotas (5 SCPs per target, 5,120 characters per SCP, 1,000 policies per organization)',
      cause: e,
    });
  }
  // CreatePolicy carries sm-ir's tags, which needs TagResource too: a denial may be either.
  const permission = operation === 'CreatePolicy' ? 'organizations:CreatePolicy and organizations:TagResource' : `organizations:${operation}`;
  return explainAwsError(e, 'organizations', operation, permission);
}

/** How many times to poll (every SM_IR_SCP_ENABLE_POLL_MS, default 1 s: commands/pacing.ts) for an enabled SCP policy type to leave PENDING_ENABLE. */
const ENABLE_POLLS = 120;

/**
 * EnablePolicyType answers while the type is still PENDING_ENABLE, and attaching an SCP before it is
 * ENABLED fails (PolicyTypeNotEnabledException): wait for ListRoots to say ENABLED.
 */
async function untilScpEnabled(org: OrganizationsClient, rootId: string, intervalMs: number): Promise<void> {
  const progress = progressOnStderr();
  for (let attempt = 0; attempt < ENABLE_POLLS; attempt++) {
    const roots = await call('ListRoots', () => org.send(new ListRootsCommand({})));
    const status = roots.Roots?.find((r) => r.Id === rootId)?.PolicyTypes?.find((p) => p.Type === SCP)?.Status;
    if (status === 'ENABLED') return progress.done();
    progress.update(`waiting for the SCP policy type to be enabled on ${rootId} (${status ?? 'not listed yet'})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  progress.done();
  throw new SmIrError(`the SCP policy type on ${rootId} is still not ENABLED after ${(ENABLE_POLLS * intervalMs) / 1000} s`, {
    hint: 're-run in a few minutes: the plan starts from what is there',
  });
}

/** What Ctrl-C says during prepare's changes. */
export const PREPARE_INTERRUPT = {
  interruptNotice: 'stopping after the current call (Ctrl-C again to force)',
  interruptedMessage: (done: number, total: number) => `interrupted after ${done} of ${total} change(s); re-run to finish (the plan starts from what is there)`,
};

/**
 * The SCP steps as the change engine's steps. `org` is audited (auditedClient with scpAlreadyDone):
 * every call, reads included, is in the log. `notes` collects what the user should hear (policies
 * adopted). A failure stops the run, saying how far it got; re-running plans from what is there.
 */
export function scpChange(org: OrganizationsClient, steps: ScpStep[], own: Ownership, enablePollMs = 1000): { steps: ChangeStep[]; notes: string[] } & typeof PREPARE_INTERRUPT {
  const created = new Map<string, string>();
  const notes: string[] = [];
  return {
    ...PREPARE_INTERRUPT,
    notes,
    steps: steps.map((step, done) => ({
      label: step.action,
      apply: async () => {
        await applyOne(org, step, own, created, notes).catch((e: SmIrError) => {
          e.message = `${e.message} (after ${done} of ${steps.length} change(s); fix the cause and re-run: the plan starts from what is there)`;
          throw e;
        });
        if (step.action === 'enable-policy-type') await untilScpEnabled(org, step.rootId, enablePollMs);
      },
    })),
  };
}

/** The SCP steps alone (confirmation and the audit log already done): returns the notes. */
export async function applyScpSteps(org: OrganizationsClient, steps: ScpStep[], own: Ownership, recorder: CallRecorder): Promise<string[]> {
  const change = scpChange(org, steps, own);
  await runSteps({ ...change, recorder });
  return change.notes;
}

async function applyOne(org: OrganizationsClient, step: ScpStep, own: Ownership, created: Map<string, string>, notes: string[]): Promise<void> {
  // An update is two calls: the content, then the hash tag that keeps the policy recognisably sm-ir's
  // (a run stopped between them leaves content sm-ir wants under a stale hash: the next plan re-tags it).
  const calls = step.action === 'update' ? [step, { action: 'tag' as const, policyId: step.policyId, name: step.name, tags: step.tags }] : [step];
  for (const one of calls) {
    const [operation, , run] = stepCall(org, one, created);
    try {
      const res = await run();
      const id = (res as { Policy?: { PolicySummary?: { Id?: string } } }).Policy?.PolicySummary?.Id;
      if (one.action === 'create' && id) created.set(one.name, id);
    } catch (e) {
      const code = awsErrorCode(e) ?? null;
      if (scpAlreadyDone(operation, code)) continue;
      if (one.action === 'create' && code === 'DuplicatePolicyException' && (await adoptOwn(org, one, own, created, notes))) continue;
      throw explainStepError(e, one, operation);
    }
  }
}

/**
 * CreatePolicy met a policy of the same name: another sm-ir run created it between plan and apply.
 * If it is sm-ir's (its generated id, and a content hash that still matches), use it, updating its
 * content when it differs; otherwise leave it be.
 */
async function adoptOwn(
  org: OrganizationsClient,
  step: Extract<ScpStep, { action: 'create' }>,
  own: Ownership,
  created: Map<string, string>,
  notes: string[],
): Promise<string | null> {
  const id = await findPolicyByName(org, step.name);
  if (!id) return null;
  const tags = await readTags(org, id);
  const content = await readContent(org, id);
  if (notOursBecause({ id, name: step.name, awsManaged: false, content, tags, targets: [] }, own) !== null) return null;
  created.set(step.name, id);
  const same = sameDocument(content, step.content);
  const hashTag = { [own.ownershipTags.contentHash]: step.tags[own.ownershipTags.contentHash] ?? '' };
  if (!same) await applyOne(org, { action: 'update', policyId: id, name: step.name, content: step.content, tags: hashTag }, own, created, notes);
  notes.push(`${step.name} already existed with sm-ir's tag (${id}, created by another run): adopted it${same ? '' : ' and updated its content'}`);
  return id;
}

function stepCall(org: OrganizationsClient, s: ScpStep, created: Map<string, string>): [string, object, () => Promise<Sent>] {
  switch (s.action) {
    case 'enable-policy-type': {
      const input = { RootId: s.rootId, PolicyType: SCP } as const;
      return ['EnablePolicyType', input, () => org.send(new EnablePolicyTypeCommand(input))];
    }
    case 'create': {
      const input = {
        Name: s.name, Description: s.policyDescription, Type: SCP, Content: s.content,
        Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
      } as const;
      return ['CreatePolicy', input, () => org.send(new CreatePolicyCommand(input))];
    }
    case 'update': {
      const input = { PolicyId: s.policyId, Content: s.content };
      return ['UpdatePolicy', input, () => org.send(new UpdatePolicyCommand(input))];
    }
    case 'tag': {
      const input = { ResourceId: s.policyId, Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })) };
      return ['TagResource', input, () => org.send(new TagResourceCommand(input))];
    }
    case 'attach': {
      const input = { PolicyId: s.policyId ?? created.get(s.name) ?? '', TargetId: s.targetId };
      return ['AttachPolicy', input, () => org.send(new AttachPolicyCommand(input))];
    }
    case 'detach': {
      const input = { PolicyId: s.policyId, TargetId: s.targetId };
      return ['DetachPolicy', input, () => org.send(new DetachPolicyCommand(input))];
    }
    case 'delete': {
      const input = { PolicyId: s.policyId };
      return ['DeletePolicy', input, () => org.send(new DeletePolicyCommand(input))];
    }
  }
}
