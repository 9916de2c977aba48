/**
 * The programs a test runs, found on PATH. A missing one fails the test with a message naming it and the
 * Debian package that has it: a test never passes, or skips, because this machine lacks a tool.
 */
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The program's full path, from $PATH (or the given override), or undefined. */
export function onPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The program's full path; fails the calling test when it is not on PATH. */
export function requireTool(program: string, debianPackage: string, override?: string): string {
  const found = override ?? onPath(program);
  assert.ok(found, `this test needs ${program} on PATH (Debian package ${debianPackage}); it is not installed here`);
  return found;
}

/** Fails the calling test unless it runs as root (network namespaces, iptables). */
export function requireRoot(why: string): void {
  assert.equal(process.getuid?.(), 0, `this test must run as root: ${why}`);
}
