/** The readers under lint: shell words, Markdown blocks and links, topology names, safe folder reading. */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readBlocks } from '../../../support/course/blocks.ts';
import { closest } from '../../../support/course/closest.ts';
import { LabFolder, MAX_FILE_BYTES } from '../../../support/course/folder.ts';
import { lintLab } from '../../../support/course/lint.ts';
import { anchorOf, parseMarkdown } from '../../../support/course/markdown.ts';
import { parseShell, slugOf } from '../../../support/course/shell.ts';
import { containerOf, kindNodeNames, parseTopology } from '../../../support/course/topology.ts';
import { fence, goodLab, goodText, makeCourse, tempDir } from './labFixture.ts';

describe('shell words', () => {
  it('keeps $(...) whole, takes redirects and assignments out, and parses the inside too', () => {
    const [cmd] = parseShell('export KUBECONFIG=$(pwd)/a.kubeconfig', 7);
    assert.deepEqual(cmd!.assignments, { KUBECONFIG: '$(pwd)/a.kubeconfig' });
    assert.equal(cmd!.line, 7);
    const [kind] = parseShell('sudo kind get kubeconfig --name=demo > demo.kubeconfig');
    assert.deepEqual(kind!.argv, ['kind', 'get', 'kubeconfig', '--name=demo']);
    assert.deepEqual(kind!.redirects, [{ op: '>', target: 'demo.kubeconfig' }]);
    const [exec] = parseShell('kubectl exec -it $(kubectl get pods -l app=x -o name) -- sh');
    assert.deepEqual(exec!.inner[0]!.argv, ['kubectl', 'get', 'pods', '-l', 'app=x', '-o', 'name']);
  });

  it('splits pipelines and lists, joins continued lines, and sets heredoc bodies aside', () => {
    const cmds = parseShell(
      [
        'docker exec -it n1 \\',
        '  ip route | grep /26 && echo done',
        'cat <<EOF | kubectl apply -f -',
        'kind: Namespace',
        'EOF',
        'ls',
      ].join('\n'),
      10,
    );
    assert.deepEqual(
      cmds.map((c) => [c.line, c.argv[0], c.piped]),
      [
        [10, 'docker', false],
        [10, 'grep', true],
        [10, 'echo', false],
        [12, 'cat', false],
        [12, 'kubectl', true],
        [15, 'ls', false],
      ],
    );
    assert.equal(cmds[3]!.heredoc, 'kind: Namespace');
  });

  it('reads prompts as prompts and `<placeholders>` as words', () => {
    const cmds = parseShell(['root@node:/# ip route', 'ceos#show ip route', '$ telnet <LB_IP> 80'].join('\n'), 1, {
      prompts: true,
    });
    assert.deepEqual(
      cmds.map((c) => c.argv),
      [
        ['ip', 'route'],
        ['show', 'ip', 'route'],
        ['telnet', '<LB_IP>', '80'],
      ],
    );
  });

  it('names a command for @cmd: tags by its words', () => {
    assert.equal(slugOf(['iptables', '-t', 'nat', '-S', 'KUBE-SERVICES']), 'iptables-t-nat-S-KUBE-SERVICES');
    assert.equal(slugOf(['docker', 'exec', '-it', 'node', '/bin/bash']), 'docker-exec-it-node-bin-bash');
  });
});

describe('Markdown blocks', () => {
  it('finds headings, fenced blocks and links with their lines, table cells included', () => {
    const doc = parseMarkdown(goodText());
    assert.deepEqual(
      doc.fences.map((f) => f.line),
      [14, 20, 27, 35, 41, 50, 54, 60, 68],
    );
    assert.deepEqual(
      doc.links.map((l) => [l.line, l.href]),
      [
        [4, '../README.md#setup'],
        [8, 'demo.clab.yaml'],
      ],
    );
    assert.equal(doc.headings.find((h) => h.line === 33)?.text, '2.1 Nodes');
  });

  it('sorts blocks into commands and outputs, pairs each output with its command, and follows exec shells', () => {
    const blocks = readBlocks(parseMarkdown(goodText()));
    assert.deepEqual(
      blocks.map((b) => b.role),
      ['command', 'command', 'output', 'command', 'output', 'command', 'command', 'output', 'command'],
    );
    assert.equal(blocks[2]!.commandBlock, 1);
    const iptables = blocks[6]!.commands[0]!;
    assert.deepEqual(iptables.where, { kind: 'node', name: 'demo-worker' });
    assert.equal(blocks[8]!.commands[0]!.where.kind, 'host', 'docker is typed on the host again');
  });

  it('treats a block that repeats the command above it as that command’s output', () => {
    const text = [
      `${fence}bash`,
      'kubectl get pods',
      fence,
      fence,
      'kubectl get pods',
      'NAME   READY',
      'web    1/1',
      fence,
    ].join('\n');
    const blocks = readBlocks(parseMarkdown(text));
    assert.deepEqual(
      blocks.map((b) => b.role),
      ['command', 'output'],
    );
    assert.deepEqual(
      blocks[1]!.commands.map((c) => c.argv.join(' ')),
      ['kubectl get pods'],
    );
  });

  it("makes GitHub's anchors", () => {
    assert.equal(anchorOf('4.1 Locate Service Rule 🔎'), '41-locate-service-rule-');
    assert.equal(anchorOf('Lab Setup'), 'lab-setup');
  });
});

describe('topology names', () => {
  it('names containerlab containers, ext-containers and Kind nodes as the tools do', () => {
    const topo = parseTopology(
      'name: t\ntopology:\n  nodes:\n    r1:\n      kind: linux\n    k:\n      kind: k8s-kind\n    k-worker:\n      kind: ext-container\n',
      't.clab.yaml',
    )!;
    assert.deepEqual(
      topo.nodes.map((n) => containerOf(topo, n)),
      ['clab-t-r1', undefined, 'k-worker'],
    );
    assert.deepEqual(kindNodeNames('k', ['control-plane', 'control-plane', 'worker', 'worker']), [
      'k-control-plane',
      'k-control-plane2',
      'k-worker',
      'k-worker2',
      'k-external-load-balancer',
    ]);
    const prefixed = parseTopology('name: t\nprefix: ""\ntopology:\n  nodes:\n    r1:\n      kind: linux\n', 'x')!;
    assert.equal(containerOf(prefixed, prefixed.nodes[0]!), 'r1');
  });

  it('suggests near names only', () => {
    assert.equal(closest('k01-worker1', ['k01-worker', 'k01-worker2', 'k01-control-plane']), 'k01-worker');
    assert.equal(closest('8-calico-bgp-lb', ['08-calico-bgp-lb', '09-multi-ippool']), '08-calico-bgp-lb');
    assert.equal(closest('router', ['k01-worker', 'k01-control-plane']), undefined);
  });
});

describe('a lab folder is a stranger’s input', () => {
  it('skips huge and binary files with a note, and follows no link out of the course', () => {
    const root = tempDir('folder');
    const lab = path.join(root, 'lab');
    mkdirSync(lab);
    writeFileSync(path.join(lab, 'big.yaml'), 'x'.repeat(MAX_FILE_BYTES + 1));
    writeFileSync(path.join(lab, 'bin.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    const outside = tempDir('outside');
    writeFileSync(path.join(outside, 'secret.yaml'), 'kind: Secret\n');
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(lab, 'link.yaml'));
    const folder = new LabFolder(root, lab);
    assert.equal(folder.read('big.yaml'), undefined);
    assert.equal(folder.read('bin.yaml'), undefined);
    assert.equal(folder.read('link.yaml'), undefined, 'a symlink out of the course is not followed');
    assert.equal(folder.read('../../etc/passwd'), undefined);
    assert.equal(folder.resolve('README.md', '../../x'), undefined);
    assert.deepEqual(
      folder.notes.map((n) => n.file),
      ['big.yaml', 'bin.yaml'],
    );
  });

  it('bounds a lab without a course around it by its own folder', () => {
    const root = makeCourse(
      { '01-demo': { ...goodLab(), 'README.md': goodText() } },
      { 'notes.txt': 'no README here' },
    );
    const link = lintLab(path.join(root, '01-demo')).filter((f) => f.kind === 'skipped' || f.kind === 'broken-link');
    assert.deepEqual(
      link.map((f) => f.message),
      ['1 link target outside the course folder not checked (../README.md)'],
    );
  });

  it('reports the skipped manifest as info and lints the rest', () => {
    const files = { ...goodLab(), 'tools/web.yaml': 'x'.repeat(MAX_FILE_BYTES + 1) };
    const root = makeCourse({ '01-demo': files });
    const findings = lintLab(path.join(root, '01-demo'));
    assert.ok(
      findings.some(
        (f) => f.kind === 'skipped' && f.file === 'tools/web.yaml' && /over the 1 MB limit/.test(f.message),
      ),
    );
    assert.ok(
      findings.some((f) => f.kind === 'missing-object'),
      'without the manifest, its workloads are missing',
    );
  });
});
