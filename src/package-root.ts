import { existsSync, readFileSync } from 'node:fs';

/**
 * The package's root folder (package.json, playbook/, dist/), found by walking up from this module:
 * it runs from src/ under the tests and from dist/ or one of dist/'s chunks when built (scripts/build.mjs
 * bundles), so a fixed number of '../' would be right in only one of them.
 */
export const PACKAGE_ROOT: URL = findRoot(new URL('./', import.meta.url));

function findRoot(start: URL): URL {
  for (let dir = start; ; dir = new URL('../', dir)) {
    if (existsSync(new URL('package.json', dir))) return dir;
    if (dir.pathname === '/') throw new Error(`no package.json above ${start.href}`);
  }
}

/** sm-ir's version, as package.json gives it. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }).version;
}
