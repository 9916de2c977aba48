/**
 * Calico's label selector language, as an IPPool's nodeSelector uses it: `all()`, `has(k)`, `k == 'v'`,
 * `k != 'v'`, `k in {'a', 'b'}`, `k not in {...}`, `!`, `&&`, `||` and parentheses (`!` binds tightest, then
 * `&&`, then `||`). An empty selector selects every node, as Calico's default `all()` does.
 */
import { IpamError } from './errors.ts';

export type Labels = Record<string, string>;
export type Selector = (labels: Labels) => boolean;

const TOKEN = new RegExp(
  [
    String.raw`\s*(all\(\)|has\(\s*[\w./-]+\s*\)|not\s+in\b|in\b`,
    String.raw`==|!=|&&|\|\||!|\(|\)|\{|\}|,|"[^"]*"|'[^']*'|[\w./-]+)`,
  ].join('|'),
  'y',
);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new IpamError('invalid-selector', `selector "${text}": unexpected "${text.slice(at).trim()}"`);
    tokens.push(m[1]!.replace(/\s+/g, m[1]!.startsWith('not') ? ' ' : ''));
    at = TOKEN.lastIndex;
  }
  return tokens;
}

const isQuoted = (t: string | undefined): t is string => t !== undefined && /^(".*"|'.*')$/.test(t);
const isKey = (t: string | undefined): t is string => t !== undefined && /^[\w./-]+$/.test(t) && t !== 'in';

class Parser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: string[],
  ) {}

  private fail(what: string): never {
    throw new IpamError('invalid-selector', `selector "${this.text}": ${what}`);
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private take(expected?: string): string {
    const t = this.tokens[this.at];
    if (t === undefined) this.fail(`ends where ${expected ?? 'more'} was expected`);
    if (expected !== undefined && t !== expected) this.fail(`"${t}" where "${expected}" was expected`);
    this.at += 1;
    return t;
  }

  parse(): Selector {
    if (this.tokens.length === 0) return () => true;
    const sel = this.or();
    if (this.at < this.tokens.length) this.fail(`unexpected "${this.peek()}"`);
    return sel;
  }

  private or(): Selector {
    const parts = [this.and()];
    while (this.peek() === '||') {
      this.take();
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0]! : (l) => parts.some((p) => p(l));
  }

  private and(): Selector {
    const parts = [this.unary()];
    while (this.peek() === '&&') {
      this.take();
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0]! : (l) => parts.every((p) => p(l));
  }

  private unary(): Selector {
    const t = this.peek();
    if (t === '!') {
      this.take();
      const inner = this.unary();
      return (l) => !inner(l);
    }
    if (t === '(') {
      this.take();
      const inner = this.or();
      this.take(')');
      return inner;
    }
    if (t === 'all()') {
      this.take();
      return () => true;
    }
    if (t?.startsWith('has(')) {
      this.take();
      const key = t.slice(4, -1).trim();
      return (l) => key in l;
    }
    return this.comparison();
  }

  private comparison(): Selector {
    const key = this.take();
    if (!isKey(key)) this.fail(`"${key}" where a label key was expected`);
    const op = this.take();
    if (op === '==' || op === '!=') {
      const v = this.take();
      if (!isQuoted(v)) this.fail(`${key} ${op} needs a quoted value, not ${v}`);
      const value = v.slice(1, -1);
      return op === '==' ? (l) => l[key] === value : (l) => l[key] !== value;
    }
    if (op === 'in' || op === 'not in') {
      this.take('{');
      const values: string[] = [];
      while (this.peek() !== '}') {
        const v = this.take();
        if (!isQuoted(v)) this.fail(`${key} ${op} {...} needs quoted values, not ${v}`);
        values.push(v.slice(1, -1));
        if (this.peek() === ',') this.take();
      }
      this.take('}');
      return op === 'in'
        ? (l) => l[key] !== undefined && values.includes(l[key])
        : (l) => l[key] === undefined || !values.includes(l[key]);
    }
    return this.fail(`"${op}" where ==, !=, in or not in was expected after ${key}`);
  }
}

/** The selector as a function of a node's labels; a one-line error for text Calico would refuse. */
export function parseSelector(text: string): Selector {
  return new Parser(text, tokenize(text)).parse();
}
