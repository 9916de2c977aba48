/**
 * One lab folder read into a model the lint rules share: the text (headings, blocks, links), the deploy
 * script, the topology and Kind cluster with the container names they create, and the objects of the
 * manifests the deploy script applies and of those the text applies itself.
 */
import path from 'node:path';
import { readBlocks, type TextBlock } from './blocks.ts';
import { readDeployScript, type DeployScript } from './deployScript.ts';
import type { LabFolder } from './folder.ts';
import { applyTargets, imperativeObjects, objectsIn, type KubeObject } from './manifests.ts';
import { parseMarkdown, type MarkdownDoc } from './markdown.ts';
import { isLiteral } from './shell.ts';
import {
  containerOf,
  kindNodeNames,
  parseKindConfig,
  parseTopology,
  type KindConfig,
  type Topology,
} from './topology.ts';

export interface KindCluster {
  name: string;
  configFile?: string;
  config?: KindConfig;
  nodes: string[];
}

export interface LabModel {
  folder: LabFolder;
  name: string;
  textFile: string;
  text: string;
  doc: MarkdownDoc;
  blocks: TextBlock[];
  deploy?: DeployScript;
  topology?: Topology;
  clusters: KindCluster[];
  containers: Map<string, string>; // container name -> what creates it
  applied: string[]; // lab-relative manifest files the deploy script applies
  appliedUrls: string[];
  readonly objects: KubeObject[]; // declared by the applied manifests
  readonly textObjects: KubeObject[]; // made by the text's own commands
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export function findTextFile(folder: LabFolder): string | undefined {
  return folder.list(folder.dir).find((n) => n.toLowerCase() === 'readme.md' && folder.read(n) !== undefined);
}

export function readLab(folder: LabFolder, textFile: string): LabModel {
  const text = folder.read(textFile) ?? '';
  const doc = parseMarkdown(text);
  const deployText = folder.read('deploy.sh');
  const deploy = deployText === undefined ? undefined : readDeployScript(deployText, 'deploy.sh');
  const topology = readTopology(folder, deploy);
  const clusters = readClusters(folder, topology, deploy);
  const lab: LabModel = {
    folder,
    name: folder.name,
    textFile,
    text,
    doc,
    blocks: readBlocks(doc),
    deploy,
    topology,
    clusters,
    containers: containersOf(topology, clusters),
    applied: [],
    appliedUrls: [],
    // manifests are parsed only when a rule asks for their objects, each file once
    get objects() {
      return (objects ??= lab.applied.flatMap((f) => manifestObjects(f)));
    },
    get textObjects() {
      return (ownObjects ??= textObjects(lab, manifestObjects));
    },
  };
  let objects: KubeObject[] | undefined;
  let ownObjects: KubeObject[] | undefined;
  const parsed = new Map<string, KubeObject[]>();
  const manifestObjects = (f: string) => {
    if (!parsed.has(f)) parsed.set(f, objectsIn(folder.read(f) ?? '', f));
    return parsed.get(f)!;
  };
  for (const a of deploy?.applied ?? []) {
    if (/^https?:\/\//.test(a.target)) lab.appliedUrls.push(a.target);
    else lab.applied.push(...expandTarget(folder, a.target));
  }
  return lab;
}

function readTopology(folder: LabFolder, deploy: DeployScript | undefined): Topology | undefined {
  const named = deploy?.topologies.map((t) => t.file).find((f) => isLiteral(f) && folder.read(f) !== undefined);
  const file = named ?? folder.list(folder.dir).filter((n) => n.endsWith('.clab.yaml') || n.endsWith('.clab.yml'))[0];
  const text = file ? folder.read(file) : undefined;
  return file && text ? parseTopology(text, file) : undefined;
}

function readClusters(
  folder: LabFolder,
  topology: Topology | undefined,
  deploy: DeployScript | undefined,
): KindCluster[] {
  const out: KindCluster[] = [];
  for (const node of topology?.nodes.filter((n) => n.kind === 'k8s-kind') ?? []) {
    const configFile = node.startupConfig;
    const config = configFile ? parseKindConfig(folder.read(configFile) ?? '') : undefined;
    out.push({
      name: node.name,
      configFile,
      config,
      nodes: kindNodeNames(node.name, config?.roles ?? ['control-plane']),
    });
  }
  // a deploy script may make its cluster with kind itself
  for (const c of deploy?.clusters ?? []) {
    if (out.some((k) => k.name === c.name) || !isLiteral(c.name)) continue;
    const create = deploy!.commands.find(
      (cmd) => cmd.argv[0] === 'kind' && cmd.argv[1] === 'create' && cmd.line === c.line,
    );
    if (!create) continue;
    const configFile =
      create.argv.find((w, i) => create.argv[i - 1] === '--config') ??
      create.argv.find((w) => w.startsWith('--config='))?.slice(9);
    const config = configFile ? parseKindConfig(folder.read(configFile) ?? '') : undefined;
    out.push({ name: c.name, configFile, config, nodes: kindNodeNames(c.name, config?.roles ?? ['control-plane']) });
  }
  return out;
}

function containersOf(topology: Topology | undefined, clusters: KindCluster[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of clusters) for (const n of c.nodes) out.set(n, `Kind cluster ${c.name}`);
  for (const node of topology?.nodes ?? []) {
    const name = containerOf(topology!, node);
    if (name && !out.has(name)) out.set(name, `topology node ${node.name}`);
  }
  return out;
}

/** The manifest files a `-f` target stands for: a file, every manifest in a folder, or a one-level glob. */
export function expandTarget(folder: LabFolder, target: string): string[] {
  const clean = target.replace(/^\.\//, '');
  const abs = folder.resolve('deploy.sh', clean);
  if (!abs) return [];
  if (!/[*?]/.test(clean)) {
    if (folder.isDir(abs))
      return folder
        .list(abs)
        .filter((n) => MANIFEST_EXT.test(n))
        .map((n) => folder.rel(path.join(abs, n)));
    return folder.exists(abs) ? [folder.rel(abs)] : [];
  }
  const dir = path.dirname(abs);
  const pattern = new RegExp(
    `^${path
      .basename(clean)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return folder
    .list(dir)
    .filter((n) => pattern.test(n))
    .map((n) => folder.rel(path.join(dir, n)));
}

function textObjects(lab: LabModel, manifestObjects: (file: string) => KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const block of lab.blocks) {
    for (const cmd of block.commands) {
      if (block.role !== 'command' || cmd.where.kind !== 'host') continue;
      out.push(...imperativeObjects(cmd, lab.textFile));
      for (const target of applyTargets(cmd)) {
        if (target === '-') {
          const body = cmd.heredoc ?? block.commands.find((c) => c.line === cmd.line && c.heredoc)?.heredoc;
          if (body) out.push(...objectsIn(body, lab.textFile, cmd.line));
        } else if (isLiteral(target) && !/^https?:/.test(target)) {
          for (const f of expandTarget(lab.folder, target)) out.push(...manifestObjects(f));
        }
      }
    }
  }
  return out;
}
