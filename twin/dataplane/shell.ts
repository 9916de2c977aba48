/** Quoting for the scripts the twin runs inside its own node containers (values come from the plan). */
export function shq(value: string | number): string {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}
