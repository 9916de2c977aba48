/** Exercise 4.6: the Service's chains drawn as SVG (renderer from support/report/diagram.ts, loaded lazily). */
import { explainNat, type ServiceView } from '../dataplane/index.ts';
import type { Evidence } from '../report/evidence.ts';
import { portNameOf, type NodeNat, type ServicePortFacts } from './kubeProxy.ts';

export interface DiagramOutcome {
  view?: ServiceView;
  evidence: Evidence[];
  /** why no diagram was attached (renderer missing, service not in the rules) */
  note?: string;
}

export async function serviceDiagram(nat: NodeNat, f: ServicePortFacts): Promise<DiagramOutcome> {
  const name = portNameOf(f);
  const view = explainNat(nat.table).services.find((s) => s.name === name && s.protocol === f.protocol);
  if (!view) return { evidence: [], note: `no rules for ${name} on ${nat.node} to draw` };
  let render: ((v: ServiceView) => Promise<string>) | undefined;
  try {
    const mod = (await import('../report/diagram.ts')) as { renderServiceDiagram?: (v: ServiceView) => Promise<string> };
    render = mod.renderServiceDiagram;
  } catch (err) {
    return { view, evidence: [], note: `diagram renderer not available (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); diagram skipped` };
  }
  if (!render) return { view, evidence: [], note: 'support/report/diagram.ts has no renderServiceDiagram; diagram skipped' };
  const svg = await render(view);
  return { view, evidence: [{ title: `${f.service}-chains-${nat.node}.svg`, body: svg, mediaType: 'image/svg+xml' }] };
}
