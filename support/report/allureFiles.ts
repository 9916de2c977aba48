/** Files the Allure report reads from the results folder besides test results: environment and categories. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labgateCategories } from './categories.ts';

export const ENVIRONMENT_FILE = 'environment.properties';
export const CATEGORIES_FILE = 'categories.json';

/**
 * Write the report's Environment widget, e.g. { target: 'kind-k8-services', 'Kubernetes version': 'v1.28.0',
 * 'kube-proxy mode': 'iptables', CNI: 'Calico v3.30.0' }. "labgate version" is added from package.json unless given.
 */
export function writeAllureEnvironment(resultsDir: string, info: Record<string, string>): string {
  const entries = { ...info };
  if (!Object.keys(entries).some((k) => k.toLowerCase() === 'labgate version')) {
    entries['labgate version'] = labgateVersion();
  }
  const text = Object.entries(entries)
    .map(([key, value]) => `${escapeProperty(key, true)}=${escapeProperty(value, false)}`)
    .join('\n');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, ENVIRONMENT_FILE);
  writeFileSync(file, `${text}\n`, 'latin1');
  return file;
}

/** Write categories.json (see categories.ts); with onlyIfMissing, keep one that is already there. */
export function writeAllureCategories(resultsDir: string, opts: { onlyIfMissing?: boolean } = {}): string {
  const file = join(resultsDir, CATEGORIES_FILE);
  if (opts.onlyIfMissing && existsSync(file)) return file;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(labgateCategories, null, 2)}\n`);
  return file;
}

/** Empty the results folder: the reporter only adds files, so results of earlier runs would pile up. */
export function resetAllureResults(resultsDir: string): void {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
}

function labgateVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/**
 * java.util.Properties escaping (Allure reads the file with Properties.load, as ISO-8859-1):
 * backslash, line breaks, leading spaces; in keys also space, ':', '=', '#', '!'; anything outside Latin-1 as \uXXXX.
 */
export function escapeProperty(text: string, isKey: boolean): string {
  let out = '';
  for (const [i, ch] of [...text].entries()) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (isKey && ':=#!'.includes(ch)) out += `\\${ch}`;
    else if (code < 0x20 || code > 0xff) out += utf16Escapes(ch);
    else out += ch;
  }
  return out;
}

function utf16Escapes(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
