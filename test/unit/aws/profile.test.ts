import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProfileExists, profileRegion } from '../../../src/aws/profile.js';
import { refuseRegionWithRegions, resolveAwsContext, resolveRegion } from '../../../src/commands/options.js';
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

  it("reads a profile's region from the shared config file", async () => {
    expect(await profileRegion('default', env)).toBe('eu-west-1');
    expect(await profileRegion('ir', env)).toBe('ap-southeast-2');
    expect(await profileRegion('none', env)).toBeUndefined();
    expect(await profileRegion('ir', { AWS_CONFIG_FILE: join(dir, 'missing') })).toBeUndefined();
  });

  it('--region, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile (--profile, AWS_PROFILE, default), then us-east-1', async () => {
    expect(await resolveRegion({ region: 'sa-east-1', profile: 'ir' }, { ...env, AWS_REGION: 'us-west-2' })).toBe('sa-east-1');
    expect(await resolveRegion({ profile: 'ir' }, { ...env, AWS_REGION: 'us-west-2' })).toBe('us-west-2');
    expect(await resolveRegion({ profile: 'ir' }, { ...env, AWS_REGION: '', AWS_DEFAULT_REGION: 'ca-central-1' })).toBe('ca-central-1');
    expect(await resolveRegion({ profile: 'ir' }, env)).toBe('ap-southeast-2');
    expect(await resolveRegion({}, { ...env, AWS_PROFILE: 'ir' })).toBe('ap-southeast-2');
    expect(await resolveRegion({}, env)).toBe('eu-west-1');
    expect(await resolveRegion({ profile: 'none' }, env)).toBe('us-east-1');
  });

  it("names the profile when its region is malformed", async () => {
    await expect(resolveRegion({ profile: 'bad' }, env)).rejects.toThrow(/the region of profile 'bad': 'Europe' is not an AWS region name/);
  });
});

describe('resolveAwsContext: the AWS side of a command, once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smir-ctx-'));
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  writeFileSync(env.AWS_CONFIG_FILE, '[profile ir]\nregion = eu-central-1\n');

  it('carries the home region, the requested regions, the profile and the endpoint, validated', async () => {
    const ctx = await resolveAwsContext({ profile: 'ir', regions: 'us-east-1,eu-west-1', endpointUrl: 'http://127.0.0.1:4566' }, env);
    expect(ctx).toEqual({ region: 'eu-central-1', regions: 'us-east-1,eu-west-1', regionGiven: false, client: { profile: 'ir', endpointUrl: 'http://127.0.0.1:4566' } });
    expect((await resolveAwsContext({ region: 'ap-south-1' }, env)).regionGiven).toBe(true);
    await expect(resolveAwsContext({ endpointUrl: 'not a url' }, env)).rejects.toThrow(/--endpoint-url/);
  });

  it('refuses --region with --regions where both would say which regions to read (issue 14: --region was ignored)', async () => {
    const both = await resolveAwsContext({ region: 'eu-west-1', regions: 'us-east-1' }, env);
    expect(() => refuseRegionWithRegions(both)).toThrow(UsageError);
    expect(() => refuseRegionWithRegions(both)).toThrow('--region eu-west-1 and --regions us-east-1 both say which regions to read');
    // The region from the environment or the profile is no conflict: only the two flags are.
    expect(() => refuseRegionWithRegions({ ...both, regionGiven: false })).not.toThrow();
    const one = await resolveAwsContext({ region: 'eu-west-1' }, env);
    expect(() => refuseRegionWithRegions(one)).not.toThrow();
    // --regions all names no region: --region stays the home region the enabled regions are discovered from.
    const discover = await resolveAwsContext({ region: 'eu-west-1', regions: 'all' }, env);
    expect(() => refuseRegionWithRegions(discover)).not.toThrow();
  });
});
