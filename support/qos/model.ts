/** The QoS concept's shared shapes: what a reader of a tool's output gives back, with what it could not read. */
export interface Parsed<T> {
  value: T;
  problems: string[];
}

/** The TOS byte as tcpdump prints it (`0x0`, `0x28`, `0xb8`), two hex digits as the lab writes it (`0x00`). */
export function tosText(tos: number): string {
  return `0x${tos.toString(16).padStart(2, '0')}`;
}
