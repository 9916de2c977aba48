/**
 * The real results the CI and report tests read: one `labgate run --all` on the twins (every lab passed) and one
 * run of lab 03 with the twin fault pod-host-route-missing, kept as test/fixtures/course-run.tar.gz (see
 * test/fixtures/course-run.md), unpacked once per test process into a temporary folder laid out as the CI lab
 * jobs upload them: <lab>/outcome.json and <lab>/read-only/{cucumber-messages.ndjson,allure-results/}.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { tempDir } from '../../tempDir.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const COURSE = path.resolve(ROOT, '../shared/course');
export const FAILING_LAB = '03-pod-routing';
export const FAULT = 'pod-host-route-missing';

const dir = tempDir('labgate-course-run-');
execFileSync('tar', ['xzf', path.join(ROOT, 'test/fixtures/course-run.tar.gz'), '-C', dir]);

/** Every lab's artifacts from the green run. */
export const PASSING = path.join(dir, 'all');
/** Lab 03's reports from the run with the fault (a lab job's read-only folder). */
export const FAULT_RUN = path.join(dir, 'fault-03', 'read-only');
