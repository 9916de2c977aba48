/**
 * A lab folder read as a stranger's input: every path is resolved inside a root (the course, or the lab itself
 * when linted alone) and checked again after symlinks are followed; nothing is executed; files over 1 MB or
 * with NUL bytes are skipped with a note instead of being read.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

export interface SkipNote {
  file: string; // relative to the lab folder
  reason: string;
}

export class LabFolder {
  readonly name: string;
  readonly notes: SkipNote[] = [];
  private readonly cache = new Map<string, string | undefined>();

  /** `root` bounds every path (the course root); `dir` is the lab folder inside it. */
  readonly root: string;
  readonly dir: string;

  constructor(root: string, dir: string) {
    // a course reached through a symlink is still one tree: bound paths by where it really is
    this.root = realOrSame(root);
    this.dir = realOrSame(dir);
    this.name = path.basename(dir);
  }

  /** An absolute path for `target` written in `fromRel` (a file of this lab), or undefined when it leaves the root. */
  resolve(fromRel: string, target: string): string | undefined {
    const base = path.dirname(path.join(this.dir, fromRel));
    const abs = path.resolve(base, target);
    return this.inside(abs) ? abs : undefined;
  }

  /** The lab-relative form of an absolute path inside the lab, e.g. "tools/a.yaml"; "../05-x/y" for a sibling. */
  rel(abs: string): string {
    return path.relative(this.dir, abs).split(path.sep).join('/');
  }

  inside(abs: string): boolean {
    const r = path.relative(this.root, abs);
    return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
  }

  /** Whether the path exists once symlinks are followed, and still lies inside the root. */
  exists(abs: string): boolean {
    if (!this.inside(abs)) return false;
    try {
      return this.inside(realpathSync(abs));
    } catch {
      return false;
    }
  }

  isDir(abs: string): boolean {
    return this.exists(abs) && statSync(abs).isDirectory();
  }

  /** Names in a folder (sorted), or [] when it is not a folder inside the root. */
  list(abs: string): string[] {
    if (!this.isDir(abs)) return [];
    return readdirSync(abs).sort();
  }

  /** The text of a lab-relative file, or undefined (missing, outside, too big or binary: the last two noted). */
  read(rel: string): string | undefined {
    if (this.cache.has(rel)) return this.cache.get(rel);
    const text = this.load(rel);
    this.cache.set(rel, text);
    return text;
  }

  private load(rel: string): string | undefined {
    const abs = path.resolve(this.dir, rel);
    if (!this.exists(abs)) return undefined;
    const st = statSync(abs);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_FILE_BYTES) {
      this.notes.push({ file: rel, reason: `skipped: ${st.size} bytes, over the 1 MB limit` });
      return undefined;
    }
    const bytes = readFileSync(abs);
    if (bytes.includes(0)) {
      this.notes.push({ file: rel, reason: 'skipped: binary file' });
      return undefined;
    }
    return bytes.toString('utf8');
  }
}

function realOrSame(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
