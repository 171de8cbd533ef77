/**
 * --preserve-artifacts (issue 18): before anything is deleted, the model data in use now is copied
 * server-side to the responder's bucket, version pinned, with S3's SHA-256 recorded in the manifest; a
 * failed copy stops the run before the first change. Through the built binary against the fake.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Manifest } from '../../src/core/contain/documents.js';
import { auditLog, contain, startWorld, writeCalls, type ContainWorld } from './contain-fake.js';

vi.setConfig({ testTimeout: 60_000 });

const ACCOUNT = '111122223333';
const MODELS = `models-${ACCOUNT}`;
const EVIDENCE = 'ir-evidence-111122223333';
let w: ContainWorld;
beforeEach(async () => {
  w = await startWorld();
  w.sm.seed.model('m-poisoned');
  w.sm.seed.endpointConfig('cfg', ['m-poisoned']);
  w.sm.seed.endpoint('fraud', 'cfg');
  w.s3.createBucket(MODELS);
  w.s3.createBucket(EVIDENCE);
});
afterEach(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

describe('--preserve-artifacts', () => {
  it('copies the version in use (pinned by its version id) before the first deletion, with S3\'s SHA-256 in the manifest', async () => {
    const original = 'the model as the attacker left it';
    const pinned = w.s3.putObject(MODELS, 'm-poisoned/model.tar.gz', original);
    const dry = await contain(w, ['delete-endpoint', 'fraud', '--with-config', '--with-models', '--preserve-artifacts', `s3://${EVIDENCE}/cases`, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`s3://${MODELS}/m-poisoned/model.tar.gz  (model/m-poisoned (served by endpoint/fraud))`);
    expect(w.s3.requests.filter((r) => r.operation === 'CopyObject')).toEqual([]);

    const r = await contain(w, ['delete-endpoint', 'fraud', '--with-config', '--with-models', '--preserve-artifacts', `s3://${EVIDENCE}/cases`, '--yes', '--case', w.caseDir]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(w.caseDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.artifacts).toHaveLength(1);
    const kept = manifest.artifacts![0]!;
    expect(kept).toMatchObject({ source: `s3://${MODELS}/m-poisoned/model.tar.gz`, sourceVersionId: pinned, bytes: original.length, checksumSHA256: createHash('sha256').update(original).digest('base64') });
    expect(kept.destination).toMatch(new RegExp(`^s3://${EVIDENCE}/cases/[0-9TZ-]+/${MODELS}/m-poisoned/model\\.tar\\.gz$`));
    const copy = w.s3.object(EVIDENCE, kept.destination.slice(`s3://${EVIDENCE}/`.length))!;
    expect(copy.body.toString()).toBe(original);
    expect(copy.copiedFrom).toBe(`${MODELS}/m-poisoned/model.tar.gz?versionId=${pinned}`);
    // The copy came before the first deletion, and is in the audit log as a change.
    const changes = auditLog(w.caseDir).filter((e) => e.readOnly !== true && e.outcome !== 'sent').map((e) => e.operation);
    expect(changes).toEqual(['CopyObject', 'DeleteEndpoint', 'DeleteEndpointConfig', 'DeleteModel']);
  });

  it('a copy that fails (no access to the destination) stops the run before any change, naming the permissions', async () => {
    w.s3.putObject(MODELS, 'm-poisoned/model.tar.gz', 'data');
    w.fake.faults.denyAccess({ service: 's3', operation: 'CopyObject' });
    const r = await contain(w, ['delete-endpoint', 'fraud', '--preserve-artifacts', `s3://${EVIDENCE}`, '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`could not preserve s3://${MODELS}/m-poisoned/model.tar.gz`);
    expect(r.stderr).toContain('nothing was changed');
    expect(r.stderr).toContain('s3:PutObject');
    expect(writeCalls(w).filter((c) => c.startsWith('Delete'))).toEqual([]);
    expect(w.sm.state.endpoints.has('fraud')).toBe(true);
  });

  it('is refused where it does not apply, and a malformed location before any call', async () => {
    const iam = await contain(w, ['quarantine-role', 'Victim', '--preserve-artifacts', `s3://${EVIDENCE}`, '--yes']);
    expect(iam.code).toBe(2);
    expect(iam.stderr).toContain('--preserve-artifacts is for delete-endpoint, delete-model, stop-job, rollback-endpoint');
    const bad = await contain(w, ['delete-endpoint', 'fraud', '--preserve-artifacts', 'https://example.com/x', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--preserve-artifacts: 'https://example.com/x' is not an S3 location");
    expect(w.fake.stats.calls).toEqual([]);
  });
});
