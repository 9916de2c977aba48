/** A run's reads, each made once and shared by every scenario that asks (a failed read is tried again). */
export class ReadOnce {
  private readonly memo = new Map<string, Promise<unknown>>();

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.memo.set(key, p);
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  /** How many reads whose key starts with `prefix` were made (or started). */
  count(prefix: string): number {
    return [...this.memo.keys()].filter((k) => k.startsWith(prefix)).length;
  }

  /** Records a value read elsewhere (the preflight's container listing), unless one is already there. */
  seed<T>(key: string, value: T): void {
    if (!this.memo.has(key)) this.memo.set(key, Promise.resolve(value));
  }
}
