/** The text lines of a Graphviz SVG, entities decoded (Graphviz writes "-" as "&#45;"), and node boxes' left edges. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1]!));
}

export function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return named[name] ?? whole;
  });
}

/** Graphviz node id -> smallest x of its drawing (polygon points and text anchors). */
export function nodeLeftEdges(svg: string): Map<string, number> {
  const edges = new Map<string, number>();
  for (const m of svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]+)<\/title>([\s\S]*?)<\/g>/g)) {
    const xs = [...m[2]!.matchAll(/points="([^"]+)"/g)].flatMap((p) =>
      p[1]!
        .trim()
        .split(/\s+/)
        .map((pair) => Number(pair.split(',')[0])),
    );
    edges.set(decodeEntities(m[1]!), Math.min(...xs));
  }
  return edges;
}
