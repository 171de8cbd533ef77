import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProfileExists, profileRegion } from '../../../src/aws/profile.js';
import { resolveRegion } from '../../../src/commands/options.js';
import { UsageError } from '../../../src/errors.js';

describe('checkProfileExists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smir-profile-'));
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  writeFileSync(env.AWS_CONFIG_FILE, '[default]\nregion = eu-west-1\n[profile ir-sso]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n');
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '[ir-keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');

  it('accepts profiles from either file ([profile x] in config, [x] in credentials)', async () => {
    for (const p of ['default', 'ir-sso', 'ir-keys']) await expect(checkProfileExists(p, '--profile', env)).resolves.toBeUndefined();
  });

  it('names the missing profile, the files read and the profiles found', async () => {
    const err = (await checkProfileExists('corp', '--profile', env).catch((e: unknown) => e)) as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`--profile: no profile named 'corp' in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE}`);
    expect(err.hint).toBe('profiles found: default, ir-keys, ir-sso');
  });

  it('without shared files, says how to create the profile', async () => {
    const none = { AWS_CONFIG_FILE: join(dir, 'missing-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'missing-credentials') };
    await expect(checkProfileExists('ir', 'AWS_PROFILE', none)).rejects.toMatchObject({
      message: expect.stringMatching(/^AWS_PROFILE: no profile named 'ir'/),
      hint: expect.stringContaining('aws configure --profile ir'),
    });
  });
});

describe('the region when --region is not given', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smir-region-'));
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  writeFileSync(env.AWS_CONFIG_FILE, '[default]\nregion = eu-west-1\n\n[profile ir]\noutput = json\nregion=ap-southeast-2 ; comment\n[profile bad]\nregion = Europe\n[profile none]\noutput = json\n');

  it("reads a profile's region from the shared config file", () => {
    expect(profileRegion('default', env)).toBe('eu-west-1');
    expect(profileRegion('ir', env)).toBe('ap-southeast-2');
    expect(profileRegion('none', env)).toBeUndefined();
    expect(profileRegion('ir', { AWS_CONFIG_FILE: join(dir, 'missing') })).toBeUndefined();
  });

  it('--region, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile (--profile, AWS_PROFILE, default), then us-east-1', () => {
    expect(resolveRegion({ region: 'sa-east-1', profile: 'ir' }, { ...env, AWS_REGION: 'us-west-2' })).toBe('sa-east-1');
    expect(resolveRegion({ profile: 'ir' }, { ...env, AWS_REGION: 'us-west-2' })).toBe('us-west-2');
    expect(resolveRegion({ profile: 'ir' }, { ...env, AWS_REGION: '', AWS_DEFAULT_REGION: 'ca-central-1' })).toBe('ca-central-1');
    expect(resolveRegion({ profile: 'ir' }, env)).toBe('ap-southeast-2');
    expect(resolveRegion({}, { ...env, AWS_PROFILE: 'ir' })).toBe('ap-southeast-2');
    expect(resolveRegion({}, env)).toBe('eu-west-1');
    expect(resolveRegion({ profile: 'none' }, env)).toBe('us-east-1');
  });

  it("names the profile when its region is malformed", () => {
    expect(() => resolveRegion({ profile: 'bad' }, env)).toThrow(/the region of profile 'bad': 'Europe' is not an AWS region name/);
  });
});
