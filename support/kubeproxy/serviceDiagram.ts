/** A Service port's chains on one node drawn as SVG (Graphviz via diagram.ts). */
import { explainNat, servicePortName, type ServiceView } from './index.ts';
import type { Evidence } from '../floor/finding.ts';
import type { NodeNat } from './facts.ts';
import type { ServicePortFacts } from '../services/portFacts.ts';

export interface DiagramOutcome {
  view?: ServiceView;
  evidence: Evidence[];
  /** why no diagram was attached (the Service has no rules on that node) */
  note?: string;
}

export async function serviceDiagram(nat: NodeNat, f: ServicePortFacts): Promise<DiagramOutcome> {
  const name = servicePortName(f.namespace, f.service, f.portName);
  const view = explainNat(nat.table).services.find((s) => s.name === name && s.protocol === f.protocol);
  if (!view) return { evidence: [], note: `no rules for ${name} on ${nat.node} to draw` };
  // Loaded on first use: the Graphviz WASM module is large and most runs draw one diagram.
  const { renderServiceDiagram } = await import('./diagram.ts');
  const svg = await renderServiceDiagram(view, { node: nat.node });
  return { view, evidence: [{ title: `${f.service}-chains-${nat.node}.svg`, body: svg, mediaType: 'image/svg+xml' }] };
}
