/**
 * Which lab faults make each check in support/ fail, computed from what the project says, never from a run:
 * the checks (exported functions of support/ returning a Finding), the step definitions cucumber loads (the
 * checks each one's code calls, through wrapper checks and helper functions), each lab's scenarios (the checks
 * their steps call) and each lab's fault matrix (the scenarios each fault must fail).
 *   node --import tsx test/faults/checksReached.ts           write test/faults/CHECKS-FAULTS.md
 *   node --import tsx test/faults/checksReached.ts --check   exit 1 when it is stale or a check is reached by no fault
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType } from '@cucumber/messages';
import { loadConfiguration, loadSupport, type IRunEnvironment } from '@cucumber/cucumber/api';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TABLE_PATH = 'test/faults/CHECKS-FAULTS.md';

/**
 * Checks no honest fault of a running lab can make fail, each with the reason. A check listed here that some
 * fault does reach is an error too, so the list cannot hide a reach.
 */
export const UNREACHABLE: Readonly<Record<string, string>> = {
  containersLeft:
    'judges a destroyed lab (@after-destroy): the matrix breaks a running twin; its unit test leaves a container',
  leftoverContainers: 'reads, then judges with containersLeft (@after-destroy)',
  networkListed: 'judges a destroyed lab (@after-destroy); its unit test leaves the network listed',
  networkPresent: 'reads, then judges with networkListed (@after-destroy)',
  kubeconfigPresent: 'judges a destroyed lab (@after-destroy); its unit test leaves the kubeconfig',
  serviceChainNamedByHash:
    'every scenario runs it right after kubeServicesJump, whose expected target is the same hashed chain name: ' +
    'a wrong name fails that step first',
  tigeraNotDegraded:
    'every scenario asks for Available first, and the Tigera operator reports Degraded only with Available False ' +
    "(its status manager's IsAvailable is false while it is degraded or a part is failing, tigera/operator " +
    'pkg/controller/status/status.go): a degraded status fails the Available step first',
};

/**
 * Checks no fault fails yet, though an honest one could (issue 26): each is to get a fault in some lab's matrix.
 * The unit test holds this list to the computed one, both ways.
 */
export const NO_FAULT_YET: readonly string[] = [
  'topologyRunning',
  'poolEncapsulation',
  // lab 16's: an Event without the address (the twin's CNI names it in every refusal; a fault that made the sandbox
  // fail otherwise fails static-pod too), a re-created pod moved (back Ready at another address: an IPAM that keeps
  // the freed address leaves the pod in ContainerCreating, failing the Ready step first)
  'podBackAtAddress',
  'eventNamesAddress',
  // lab 12's: a pod stored without the annotations it was applied with (a mutating webhook): the twin's API keeps
  // what is written, and the pod would then be unshaped too, failing the measuring scenarios first
  'annotationsAsWritten',
  // a reply with the lab's status line from a server other than nginx: the twin's node image has no other HTTP
  // server, and nginx names itself in every reply it makes (nginx-light has no module to change the header)
  'headerStartsWith',
  // a pod whose eth0 is no veth (absent, renamed, a tap) is not Ready on the twin, which reads a pod's address
  // from its eth0 (a real kubelet has it from the CNI result): such a fault fails every scenario of the pod
  'podEth0IsVethToNode',
  // the faults tried (a redis pod killed, the redis pods under another subdomain) also fail the replication
  // scenarios, some by how far the replicas had synced when the fault came: a fault for these must first wait
  // for the replicas to sync, as pod-command does for its readiness probe
  'statefulSetOrdinals',
  'endpointsCarryHostnames',
  // lab 23's (DSCP): a sender pod stored without its annotation, or scheduled off the worker: the twin marks the
  // manifests' pods at `twin up` and its pods are bare pods (no workload to move or re-annotate through the API)
  'podAnnotation',
  'podsOnNode',
  // lab 21's: the ToR's ARP entry for a pod's net1 is filled by the scenario's own ping; a wrong (static) entry on
  // the ToR also loses that ping and the MAC scenario's, and whether the MAC table still holds the pod's MAC then
  // depends on the age of the pod's last frame: a fault for it must first make the pod quiet for the ageing time
  'torArpEntry',
];

export interface Check {
  name: string;
  file: string;
  body: string;
}

export interface Reach {
  lab: string;
  fault: string;
  scenario: string;
  /**
   * undefined when this check is the one that failed: the scenario calls no other, or the row's message pattern
   * shares words with this check's message and with no other's; else the checks the failure may come from
   */
  among?: string[];
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The text from an opening brace to its matching closing brace (strings and comments are not parsed). */
function braced(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    if (depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** Exported functions whose declared return type is a Finding (or a promise of one); lint rules are not checks. */
export function checkFunctions(): Check[] {
  const checks: Check[] = [];
  for (const file of files(path.join(ROOT, 'support'), '.ts')) {
    if (file.includes(`${path.sep}course${path.sep}`) || file.includes(`${path.sep}floor${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export (?:async )?function (\w+)\s*(?:<[^>]*>)?\(/g)) {
      let i = m.index + m[0].length;
      for (let depth = 1; depth > 0 && i < text.length; i += 1) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      if (!/^\s*:\s*(?:Promise<)?Finding</.test(text.slice(i, i + 80))) continue;
      // the body opens with the first brace that ends a line (a return type may hold braces of its own)
      const open = i + text.slice(i).search(/\{\s*\n/);
      checks.push({ name: m[1]!, file: path.relative(ROOT, file), body: braced(text, open) });
    }
  }
  return checks;
}

/** Named functions of steps/ with their bodies: how a step reaches a check through a helper of its file. */
function helperBodies(): Map<string, string[]> {
  const bodies = new Map<string, string[]>();
  for (const dir of ['steps']) {
    for (const file of files(path.join(ROOT, dir), '.ts')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:export )?(?:async )?(?:function\s+)?(\w+)\s*(?:<[^>]*>)?\([^;{]*\{/gm)) {
        if (['if', 'for', 'while', 'switch', 'catch', 'function'].includes(m[1]!)) continue;
        bodies.set(m[1]!, [...(bodies.get(m[1]!) ?? []), braced(text, m.index)]);
      }
    }
  }
  return bodies;
}

/** The check's body with the bodies of the functions of its own file it calls (where it may build its message). */
function messageSource(check: Check): string {
  const text = readFileSync(path.join(ROOT, check.file), 'utf8');
  const local = new Map<string, string>();
  for (const m of text.matchAll(/^(?:export )?(?:async )?function (\w+)\s*(?:<[^>]*>)?\(/gm)) {
    const from = m.index + m[0].length;
    local.set(m[1]!, braced(text, from + text.slice(from).search(/\{\s*\n/)));
  }
  const called = [...check.body.matchAll(/\b(\w+)\s*\(/g)].map((m) => local.get(m[1]!)).filter(Boolean);
  return [check.body, ...new Set(called)].join('\n');
}

/** The checks a piece of code calls, directly or through helpers and wrapper checks. */
function checksCalledBy(code: string, checks: Set<string>, bodies: Map<string, string[]>): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const queue = [code];
  while (queue.length > 0) {
    for (const [, name] of queue.pop()!.matchAll(/\b(\w+)\s*\(/g)) {
      if (seen.has(name!)) continue;
      seen.add(name!);
      if (checks.has(name!)) found.add(name!);
      queue.push(...(bodies.get(name!) ?? []));
    }
  }
  return found;
}

interface StepDefinition {
  matchesStepName(text: string): boolean;
  unwrappedCode: (...args: unknown[]) => unknown;
}

async function stepDefinitions(): Promise<StepDefinition[]> {
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const environment: IRunEnvironment & { cwd: string } = { cwd: ROOT, stdout: quiet, stderr: quiet, env: process.env };
  const { runConfiguration } = await loadConfiguration({}, environment);
  runConfiguration.sources.paths = ['features/**/*.feature'];
  const library = (await loadSupport(runConfiguration, environment)) as unknown as {
    stepDefinitions: StepDefinition[];
  };
  if (library.stepDefinitions.length === 0) throw new Error('cucumber loaded no step definitions');
  return library.stepDefinitions;
}

/**
 * Each scenario the matrix runs, its name and step texts, per lab: the twin runs @mutating scenarios too; a
 * destroyed lab's (@after-destroy) it does not.
 */
function scenarios(lab: string): Map<string, string[]> {
  const dir = path.join(ROOT, 'features', lab);
  const byName = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.feature'))) {
    const envelopes = generateMessages(
      readFileSync(path.join(dir, file), 'utf8'),
      file,
      SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
      { includeGherkinDocument: false, includePickles: true, includeSource: false, newId: IdGenerator.incrementing() },
    );
    for (const { pickle } of envelopes) {
      if (!pickle || pickle.tags.some((t) => t.name === '@after-destroy')) continue;
      byName.set(pickle.name, [...(byName.get(pickle.name) ?? []), ...pickle.steps.map((s) => s.text)]);
    }
  }
  return byName;
}

function labs(): string[] {
  return readdirSync(path.join(ROOT, 'features'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(path.join(ROOT, 'features', e.name)).includes('fault-matrix.json'))
    .map((e) => e.name)
    .sort();
}

export interface Mapping {
  checks: Check[];
  reaches: Map<string, Reach[]>;
}

/** The literal text a message builder writes: interpolations and string joins taken out. */
function messageText(code: string): string {
  return code
    .replace(/\$\{[^}]*\}/g, '\u0000')
    .replace(/['"`]\s*\+\s*['"`]/g, '')
    .replace(/\\'/g, "'");
}

/**
 * What a message pattern has as plain text: its words of four letters or more, and its pairs of adjacent plain
 * words ("not established"): what the check that wrote the message has in its text.
 */
function patternWords(pattern: string): Set<string> {
  const plain = pattern
    .replace(/\(\?[!=<][^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]|\\[dwsSDW]/g, ' ')
    .replace(/\\(.)/g, '$1');
  const tokens = plain.split(/\s+/);
  const pairs = tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`);
  return new Set([...(plain.match(/[A-Za-z]{4,}/g) ?? []), ...pairs.filter((p) => /^[A-Za-z]+ [A-Za-z]+$/.test(p))]);
}

function wordsOf(text: string, wanted: Set<string>): Set<string> {
  return new Set([...wanted].filter((w) => (w.includes(' ') ? text.includes(w) : new RegExp(`\\b${w}\\b`).test(text))));
}

/**
 * Which of the candidates (a scenario's checks, and its steps' own findings) wrote the failure: the only
 * candidate, else the one whose text shares most of the pattern's words, each word weighed by how few
 * candidates have it; all of them when that does not single one out.
 */
function failingCandidates(pattern: string, candidates: Map<string, string>): string[] {
  if (candidates.size <= 1) return [...candidates.keys()];
  const wanted = patternWords(pattern);
  const words = [...wanted];
  const texts = [...candidates].map(([name, text]) => ({ name, words: wordsOf(text, wanted) }));
  const weight = (w: string) => 1 / Math.max(1, texts.filter((t) => t.words.has(w)).length);
  const scored = texts.map((t) => ({
    name: t.name,
    score: words.filter((w) => t.words.has(w)).reduce((sum, w) => sum + weight(w), 0),
  }));
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best);
  return best === 0 || top.length > 1 ? [...candidates.keys()] : [top[0]!.name];
}

export async function computeMapping(): Promise<Mapping> {
  const checks = checkFunctions();
  const names = new Set(checks.map((c) => c.name));
  const bodies = helperBodies();
  const definitions = (await stepDefinitions()).map((d) => {
    const code = d.unwrappedCode.toString();
    return { d, code, checks: checksCalledBy(code, names, bodies) };
  });
  const messageOf = new Map(checks.map((c) => [c.name, messageText(messageSource(c))]));
  // the checks each check judges through, directly or through the functions of its own file
  const direct = new Map(
    checks.map((c) => [c.name, [...messageSource(c).matchAll(/\b(\w+)\s*\(/g)].map((m) => m[1]!)]),
  );
  const inner = new Map(
    checks.map((c) => {
      const found = new Set<string>();
      const queue = [c.name];
      while (queue.length > 0) {
        for (const n of direct.get(queue.pop()!) ?? []) {
          if (names.has(n) && n !== c.name && !found.has(n)) queue.push(n), found.add(n);
        }
      }
      return [c.name, [...found]];
    }),
  );
  const reaches = new Map<string, Reach[]>(checks.map((c) => [c.name, []]));
  for (const lab of labs()) {
    const steps = scenarios(lab);
    const matrix = JSON.parse(readFileSync(path.join(ROOT, 'features', lab, 'fault-matrix.json'), 'utf8')) as {
      faults: Record<string, { fail: Record<string, string | { error: string }> }>;
    };
    for (const [fault, row] of Object.entries(matrix.faults)) {
      for (const [scenario, failure] of Object.entries(row.fail)) {
        // a candidate is a check with the checks it judges through (a wrapper fails with what it wraps)
        const candidates = new Map<string, string>();
        const credits = new Map<string, string[]>();
        for (const text of steps.get(scenario) ?? []) {
          for (const x of definitions.filter((x) => x.d.matchesStepName(text))) {
            const wrapped = new Set([...x.checks].flatMap((c) => [...(inner.get(c) ?? [])]));
            for (const root of [...x.checks].filter((c) => !wrapped.has(c))) {
              const group = [root, ...(inner.get(root) ?? [])];
              candidates.set(root, group.map((c) => messageOf.get(c)!).join('\n'));
              credits.set(root, group);
            }
            // a step that judges with a finding of its own: a failure there reaches no check
            if (/\bfinding\(/.test(x.code)) candidates.set(`(the step "${text}")`, messageText(x.code));
          }
        }
        const failed = failingCandidates(typeof failure === 'string' ? failure : failure.error, candidates);
        const among = failed.length === 1 ? {} : { among: failed };
        for (const check of failed.flatMap((c) => credits.get(c) ?? [])) {
          reaches.get(check)!.push({ lab, fault, scenario, ...among });
        }
      }
    }
  }
  return { checks, reaches };
}

function sure(reaches: Reach[]): Reach[] {
  return reaches.filter((r) => r.among === undefined);
}

/** Checks that no fault is sure to fail, and that have no reason to be unreachable. */
export function unreached(mapping: Mapping): string[] {
  return mapping.checks.map((c) => c.name).filter((c) => sure(mapping.reaches.get(c)!).length === 0 && !UNREACHABLE[c]);
}

/** Checks listed as unreachable that a fault does reach: the list must not hide them. */
export function wronglyUnreachable(mapping: Mapping): string[] {
  return Object.keys(UNREACHABLE).filter((c) => sure(mapping.reaches.get(c) ?? []).length > 0);
}

export function render(mapping: Mapping): string {
  const label = (r: Reach) => `${r.lab.slice(0, 2)} \`${r.fault}\``;
  const rows = mapping.checks.map((c) => {
    const all = mapping.reaches.get(c.name)!;
    const faults = [...new Set(sure(all).map(label))];
    const maybe = [...new Set(all.filter((r) => r.among).map(label))].filter((f) => !faults.includes(f));
    const cells = [
      faults.join(', ') || `none: ${UNREACHABLE[c.name] ?? '**no fault yet**'}`,
      maybe.length ? `maybe (the message may be another check's): ${maybe.join(', ')}` : '',
    ];
    return `| \`${c.name}\` | \`${c.file}\` | ${cells.filter(Boolean).join('; ')} |`;
  });
  const reached = mapping.checks.filter((c) => sure(mapping.reaches.get(c.name)!).length > 0).length;
  const reasons = mapping.checks.filter((c) => UNREACHABLE[c.name]).length;
  return [
    '# Every check, and the lab faults that make it fail',
    '',
    'Generated by `node --import tsx test/faults/checksReached.ts` from the checks in support/, the step',
    "definitions, the labs' scenarios and their fault matrices (`features/<lab>/fault-matrix.json`: the scenarios",
    'each fault must fail, and the pattern of each failure). A fault fails a check when a scenario it fails calls',
    "that check and no other, or when the row's message pattern shares words with that check's message and with",
    "no other's of the scenario (a step's own finding counts as another): the message is that check's. \"maybe\"",
    'marks a failure the pattern does not pin to one check. `test/unit/suite/checksReached.test.ts` fails when',
    'this file is stale, or a check is failed by no fault and is listed neither with its reason (`UNREACHABLE`)',
    'nor as still waiting for one (`NO_FAULT_YET`). The unit tests that make each check fail: `test/unit/CHECKS.md`.',
    '',
    `${reached} of ${mapping.checks.length} checks are failed by some fault; ${reasons} cannot be (the reason is`,
    `given); ${mapping.checks.length - reached - reasons} have no fault yet.`,
    '',
    '| check | file | faults that fail it (lab, fault) |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mapping = await computeMapping();
  const text = render(mapping);
  const file = path.join(ROOT, TABLE_PATH);
  if (process.argv.includes('--check')) {
    const stale = readFileSync(file, 'utf8') !== text;
    if (mapping.checks.length < 80)
      console.error(`labgate: found only ${mapping.checks.length} checks: the scan is broken`);
    const missing = unreached(mapping).filter((c) => !NO_FAULT_YET.includes(c));
    const waiting = NO_FAULT_YET.filter((c) => !unreached(mapping).includes(c));
    if (waiting.length) console.error(`labgate: listed in NO_FAULT_YET but failed by a fault: ${waiting.join(', ')}`);
    const hidden = wronglyUnreachable(mapping);
    if (hidden.length) console.error(`labgate: listed as unreachable but failed by a fault: ${hidden.join(', ')}`);
    if (stale) console.error(`labgate: ${TABLE_PATH} is stale: run node --import tsx test/faults/checksReached.ts`);
    if (missing.length) console.error(`labgate: checks no fault reaches: ${missing.join(', ')}`);
    process.exitCode = stale || missing.length || hidden.length || waiting.length || mapping.checks.length < 80 ? 1 : 0;
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${TABLE_PATH}; checks no fault reaches: ${unreached(mapping).join(', ') || 'none'}`);
  }
}
