import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Clients at different versions pull different @aws-sdk/core and @smithy copies: a bigger install, and middleware
// (retries, the Node-version notice sm-ir silences) that may behave differently from one service to the next.
const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version: string }> };
const clients = Object.entries(manifest.dependencies).filter(([name]) => name.startsWith('@aws-sdk/client-'));

/**
 * AWS publishes a client only when it changes, so a rarely changed one has no release at the others'
 * version: it is pinned to its newest release at or below theirs, which must still share their one copy
 * of @aws-sdk/core and @smithy (the second test).
 */
const NO_RELEASE_AT_SHARED_VERSION: Record<string, string> = {
  '@aws-sdk/client-accessanalyzer': '3.1080.0',
};

const numeric = (v: string) => v.split('.').map(Number);
const atOrBelow = (a: string, b: string) => {
  const [x, y] = [numeric(a), numeric(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) < (y[i] ?? 0);
  return true;
};

describe('AWS SDK clients', () => {
  it('are all pinned to one exact version (or, where AWS published none at it, their newest release below it), and the lock file installs that version', () => {
    expect(clients.length).toBeGreaterThan(0);
    const shared = clients.filter(([name]) => !(name in NO_RELEASE_AT_SHARED_VERSION));
    const versions = new Set(shared.map(([, range]) => range));
    expect([...versions], 'every @aws-sdk/client-* in package.json at one exact version').toHaveLength(1);
    const [version = ''] = versions;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [name, range] of clients) {
      const pinned = NO_RELEASE_AT_SHARED_VERSION[name] ?? version;
      expect(range, name).toBe(pinned);
      expect(atOrBelow(pinned, version), `${name} ${pinned} is not above ${version}`).toBe(true);
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(pinned);
    }
    // An exception that no client needs any more is dropped.
    for (const name of Object.keys(NO_RELEASE_AT_SHARED_VERSION)) expect(manifest.dependencies[name], name).toBeDefined();
  });

  it('share one copy of @aws-sdk/* and @smithy/*: no client carries its own', () => {
    const nested = Object.keys(lock.packages).filter((path) => /node_modules\/@aws-sdk\/client-[^/]+\/node_modules\/@(aws-sdk|smithy)\//.test(path));
    expect(nested).toEqual([]);
  });
});
