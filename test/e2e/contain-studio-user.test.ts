/**
 * Studio per user (issue 18): `stop-user-apps` ends a user's sessions (those opened with a presigned
 * URL included) by deleting the apps of the profile and of the private spaces it owns, and nothing
 * else; `delete-user-profile` removes the profile with its private spaces. Through the built binary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, contain, startWorld, writeCalls, type ContainWorld } from './contain-fake.js';
import { settledChanges } from '../support/audit-lines.js';

vi.setConfig({ testTimeout: 60_000 });

const D = 'd-abc123example';
let w: ContainWorld;
beforeEach(async () => {
  w = await startWorld();
  w.sm.seed.domain(D);
  w.sm.seed.userProfile(D, 'mallory');
  w.sm.seed.userProfile(D, 'alice');
  w.sm.seed.space(D, 'mallory-private', 'mallory');
  w.sm.seed.space(D, 'team', null);
  w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'default', userProfileName: 'mallory', spaceName: null });
  w.sm.seed.app({ domainId: D, appType: 'JupyterLab', appName: 'default', userProfileName: null, spaceName: 'mallory-private' });
  w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null });
  w.sm.seed.app({ domainId: D, appType: 'CodeEditor', appName: 'default', userProfileName: null, spaceName: 'team' });
});
afterEach(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

const live = () => w.sm.state.apps.filter((a) => a.status !== 'Deleted').map((a) => `${a.spaceName ?? a.userProfileName}/${a.appType}`).sort();
const changes = () => settledChanges(auditLog(w.caseDir)).map((e) => `${e.operation}:${e.outcome}`);

describe('stop-user-apps', () => {
  it("deletes the profile's apps and those of its private spaces, nothing of other users; a re-run changes nothing", async () => {
    const dry = await contain(w, ['stop-user-apps', `${D}/mallory`, '--dry-run', '--output', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(writeCalls(w)).toEqual([]);
    const r = await contain(w, ['stop-user-apps', `${D}/mallory`, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(live()).toEqual(['alice/JupyterServer', 'team/CodeEditor']);
    expect(w.sm.state.userProfiles.has(`${D}/mallory`)).toBe(true);
    expect(w.sm.state.spaces.has(`${D}/mallory-private`)).toBe(true);
    expect(changes()).toEqual(['DeleteApp:ok', 'DeleteApp:ok']);
    // Evidence first: the domain, its apps, profiles and spaces, hashed in the manifest.
    const manifest = JSON.parse(readFileSync(join(w.caseDir, 'manifest.json'), 'utf8')) as { files: { file: string }[] };
    expect(manifest.files.some((f) => f.file.includes('ListApps'))).toBe(true);
    const before = writeCalls(w).length;
    const again = await contain(w, ['stop-user-apps', `${D}/mallory`, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(writeCalls(w)).toHaveLength(before);
  });

  it('--space deletes one space\'s apps; a wrong name or an unknown profile is refused before any change', async () => {
    const r = await contain(w, ['stop-user-apps', '--space', `${D}/team`, '--yes', '--case', w.caseDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(live()).toEqual(['alice/JupyterServer', 'mallory-private/JupyterLab', 'mallory/JupyterServer']);
    const bad = await contain(w, ['stop-user-apps', 'mallory', '--yes', '--case', `${w.caseDir}-2`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'mallory' is not a valid user-profile name");
    const unknown = await contain(w, ['stop-user-apps', `${D}/nobody`, '--yes', '--case', `${w.caseDir}-3`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`user profile '${D}/nobody' not found`);
    expect(writeCalls(w)).toEqual(['DeleteApp:ok']);
    const misplaced = await contain(w, ['delete-endpoint', 'ep1', '--space', '--yes']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--space is for stop-user-apps');
  });
});

describe('delete-user-profile', () => {
  it('deletes the apps, then the private spaces, then the profile; the domain and other users stay; a re-run is already-done', async () => {
    const r = await contain(w, ['delete-user-profile', `${D}/mallory`, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(changes()).toEqual(['DeleteApp:ok', 'DeleteApp:ok', 'DeleteSpace:ok', 'DeleteUserProfile:ok']);
    expect(w.sm.state.userProfiles.has(`${D}/mallory`)).toBe(false);
    expect(w.sm.state.spaces.has(`${D}/mallory-private`)).toBe(false);
    expect(w.sm.state.spaces.has(`${D}/team`)).toBe(true);
    expect(w.sm.state.userProfiles.has(`${D}/alice`)).toBe(true);
    expect(w.sm.state.domains.has(D)).toBe(true);
    const before = writeCalls(w).length;
    const again = await contain(w, ['delete-user-profile', `${D}/mallory`, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(writeCalls(w)).toHaveLength(before);
    // A profile that never existed is not "already done".
    const typo = await contain(w, ['delete-user-profile', `${D}/malory`, '--yes', '--case', `${w.caseDir}-typo`]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('not found');
  });
});
