/** Label and field selectors as kube-apiserver reads them from `labelSelector` / `fieldSelector`. */
import { ApiError } from './status.ts';
import type { KubeObject } from './types.ts';

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type FieldRequirement = { path: string; op: 'eq' | 'neq'; value: string };

/** Splits on commas outside parentheses: `app in (a,b),tier=web` -> two requirements. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const keyPattern = new RegExp(`^${KEY}$`);
const valuePattern = new RegExp(`^${VALUE}$`);

function badLabelSelector(selector: string, why: string): ApiError {
  return new ApiError('BadRequest', `unable to parse requirement: ${why} in labelSelector "${selector}"`);
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    const eqMatch = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    let req: LabelRequirement;
    let values: string[] = [];
    if (setMatch) {
      values = setMatch[3]!.split(',').map((v) => v.trim());
      req = { key: setMatch[1]!, op: setMatch[2] as 'in' | 'notin', values };
    } else if (eqMatch) {
      values = [eqMatch[3]!.trim()];
      req = { key: eqMatch[1]!, op: eqMatch[2] === '!=' ? 'notin' : 'in', values };
    } else if (part.startsWith('!')) {
      req = { key: part.slice(1).trim(), op: 'notexists' };
    } else {
      req = { key: part, op: 'exists' };
    }
    if (!keyPattern.test(req.key)) throw badLabelSelector(selector, `invalid label key "${req.key}"`);
    const badValue = values.find((v) => !valuePattern.test(v) || v.length > 63);
    if (badValue !== undefined) throw badLabelSelector(selector, `invalid label value "${badValue}"`);
    requirements.push(req);
  }
  return requirements;
}

export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const present = labels ?? {};
  return requirements.every((req) => {
    const has = Object.prototype.hasOwnProperty.call(present, req.key);
    switch (req.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && req.values.includes(present[req.key]!);
      case 'notin':
        return !has || !req.values.includes(present[req.key]!);
    }
  });
}

/** Splits on commas not escaped with a backslash, as fields.ParseSelector does. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  for (const raw of splitUnescaped(selector, ',')) {
    const part = raw.trim();
    if (!part) continue;
    const match = /^([^!=]+?)\s*(==|=|!=)(.*)$/.exec(part);
    if (!match || /[!=]/.test(match[3]!.replace(/\\./g, ''))) {
      throw new ApiError('BadRequest', `invalid selector: '${selector}'; can't understand '${part}'`);
    }
    requirements.push({
      path: match[1]!.trim(),
      op: match[2] === '!=' ? 'neq' : 'eq',
      value: unescapeFieldValue(match[3]!),
    });
  }
  return requirements;
}

/** The string a field selector compares against: the value at a dotted path, '' when absent. */
export function fieldValue(obj: KubeObject, path: string): string {
  let current: unknown = obj;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

export function matchesFields(requirements: FieldRequirement[], obj: KubeObject): boolean {
  return requirements.every((req) => (fieldValue(obj, req.path) === req.value) === (req.op === 'eq'));
}
