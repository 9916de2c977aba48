/** The Kubernetes objects a manifest file declares, and what `kubectl apply/create` commands make. */
import { isLiteral, optionValues, type ShellCommand } from './shell.ts';
import { asRecord, asString, readYamlDocs } from './yamlDocs.ts';

export interface KubeObject {
  kind: string;
  name: string;
  namespace?: string;
  file: string; // where it is declared (lab-relative), or "<text>" for objects the text makes inline
  line: number;
}

export function objectsIn(text: string, file: string, lineOffset = 0): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of readYamlDocs(text)) {
    const kind = asString(doc.doc.get('kind'));
    if (kind === 'List') {
      const items = asRecord(doc.value)?.items;
      for (const item of Array.isArray(items) ? items.map(asRecord) : []) {
        const meta = asRecord(item?.metadata);
        const itemKind = asString(item?.kind);
        const name = asString(meta?.name);
        if (itemKind && name)
          out.push({ kind: itemKind, name, namespace: asString(meta?.namespace), file, line: doc.line + lineOffset });
      }
      continue;
    }
    const name = asString(doc.doc.getIn(['metadata', 'name']));
    if (kind && name)
      out.push({
        kind,
        name,
        namespace: asString(doc.doc.getIn(['metadata', 'namespace'])),
        file,
        line: doc.line + lineOffset,
      });
  }
  return out;
}

/** What a `kubectl apply|create|replace` command reads: `-f` targets (files, folders, URLs, `-` for stdin). */
export function applyTargets(cmd: ShellCommand): string[] {
  const [tool, verb] = cmd.argv;
  if (tool !== 'kubectl' || !['apply', 'create', 'replace'].includes(verb ?? '')) return [];
  return optionValues(cmd.argv, ['-f', '-k'], ['--filename', '--kustomize']).map((v) => v.value);
}

/** Objects made by imperative kubectl commands: `create namespace X`, `create deployment X`, `run X`. */
export function imperativeObjects(cmd: ShellCommand, file: string): KubeObject[] {
  const [tool, verb, what, name] = cmd.argv;
  if (tool !== 'kubectl') return [];
  const namespace = optionValues(cmd.argv, ['-n'], ['--namespace'])[0]?.value;
  const make = (kind: string, n: string | undefined): KubeObject[] =>
    n && isLiteral(n) && !n.startsWith('-') ? [{ kind, name: n, namespace, file, line: cmd.line }] : [];
  if (verb === 'create' && (what === 'namespace' || what === 'ns')) return make('Namespace', name);
  if (verb === 'create' && what === 'deployment') return make('Deployment', name);
  if (verb === 'run') return make('Pod', what);
  return [];
}

/** `kubectl` names for the kinds lint follows. */
export const KIND_ALIASES: Record<string, string> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  service: 'Service',
  services: 'Service',
  svc: 'Service',
  namespace: 'Namespace',
  namespaces: 'Namespace',
  ns: 'Namespace',
  pod: 'Pod',
  pods: 'Pod',
  po: 'Pod',
};
