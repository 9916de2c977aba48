/** Each lint rule on a made-up lab: silent on the good lab, one finding once one mistake is put in. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding, FindingKind } from '../../../support/course/finding.ts';
import { lintLab } from '../../../support/course/lint.ts';
import { fence, goodLab, goodText, makeCourse, withLine, type Files } from './labFixture.ts';

function lint(files: Files, labName = '01-demo'): Finding[] {
  const root = makeCourse({ [labName]: files });
  return lintLab(path.join(root, labName));
}

function only(findings: Finding[], kind: FindingKind): Finding[] {
  return findings.filter((f) => f.kind === kind);
}

describe('the good lab', () => {
  it('has no findings at all', () => {
    assert.deepEqual(lint(goodLab()), []);
  });
});

describe('missing-file', () => {
  it('flags a topology file that is not in the lab folder, naming the one that is', () => {
    const files = { ...goodLab(), 'README.md': withLine(goodText(), 15, 'containerlab inspect -t dmeo.clab.yaml') };
    const [f, ...rest] = only(lint(files), 'missing-file');
    assert.equal(rest.length, 0);
    assert.equal(f!.line, 15);
    assert.equal(f!.severity, 'error');
    assert.match(f!.message, /dmeo\.clab\.yaml/);
    assert.equal(f!.fix, 'use demo.clab.yaml');
  });

  it('flags kubectl apply -f of a manifest the lab does not ship, but not one an earlier command wrote', () => {
    const text = withLine(goodText(), 36, 'kubectl apply -f tools/missing.yaml');
    assert.equal(only(lint({ ...goodLab(), 'README.md': text }), 'missing-file')[0]?.line, 36);
    const written = withLine(withLine(goodText(), 22, 'cp tools/web.yaml copy.yaml'), 36, 'kubectl apply -f copy.yaml');
    assert.deepEqual(only(lint({ ...goodLab(), 'README.md': written }), 'missing-file'), []);
  });

  it('does not check files read inside a node shell', () => {
    const text = withLine(goodText(), 55, 'cat /etc/hosts notes.yaml');
    assert.deepEqual(only(lint({ ...goodLab(), 'README.md': text }), 'missing-file'), []);
  });
});

describe('broken-link', () => {
  it('flags a link whose case differs from the file, and an anchor no heading makes', () => {
    const text = withLine(
      withLine(goodText(), 4, 'See [the notes](../readme.md#setup).'),
      8,
      '| [demo.clab.yaml](demo.clab.yaml#nothing) | topology |',
    );
    const links = only(lint({ ...goodLab(), 'README.md': text }), 'broken-link');
    assert.equal(links.length, 1, 'the topology file is not Markdown, so its anchor is not judged');
    assert.equal(links[0]!.line, 4);
    assert.match(links[0]!.message, /case-sensitive/);
    assert.equal(links[0]!.fix, 'link to ../README.md#setup');
    const anchor = withLine(goodText(), 4, 'See [the notes](../README.md#install).');
    assert.match(
      only(lint({ ...goodLab(), 'README.md': anchor }), 'broken-link')[0]!.message,
      /no heading with that anchor/,
    );
  });

  it('suggests the sibling lab a badly padded number meant, and leaves targets outside the course unchecked', () => {
    const root = makeCourse({
      '01-demo': {
        ...goodLab(),
        'README.md': withLine(goodText(), 4, 'See [lab 2](../2-next/README.md) and ![x](../../images/x.png).'),
      },
      '02-next': { 'README.md': '# Next\n' },
    });
    const findings = lintLab(path.join(root, '01-demo'));
    assert.equal(only(findings, 'broken-link')[0]!.fix, 'link to ../02-next/README.md');
    const note = only(findings, 'skipped')[0]!;
    assert.equal(note.severity, 'info');
    assert.match(note.message, /outside the course folder not checked \(\.\.\/\.\.\/images\/x\.png\)/);
  });
});

describe('unknown-node', () => {
  it('flags a docker exec into a Kind node the config does not make', () => {
    const text = withLine(goodText(), 51, 'docker exec -it demo-worker3 /bin/bash');
    const [f] = only(lint({ ...goodLab(), 'README.md': text }), 'unknown-node');
    assert.equal(f!.line, 51);
    assert.match(f!.message, /demo-worker3/);
  });

  it("knows containerlab's names: clab-<topology>-<node>, and ext-container nodes keep their own", () => {
    const wrong = withLine(goodText(), 69, 'docker exec -it router vtysh');
    assert.equal(only(lint({ ...goodLab(), 'README.md': wrong }), 'unknown-node')[0]?.fix, 'use clab-demo-router');
  });

  it('flags node names in kubectl node commands and field selectors, and in a shown nodes table', () => {
    const cmd = withLine(goodText(), 36, 'kubectl get pods --field-selector spec.nodeName=demo-wrker');
    assert.equal(only(lint({ ...goodLab(), 'README.md': cmd }), 'unknown-node')[0]?.fix, 'use demo-worker');
    const shown = withLine(goodText(), 44, 'demo-worker9         Ready    <none>          5m    v1.29.1');
    const [f] = only(lint({ ...goodLab(), 'README.md': shown }), 'unknown-node');
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.line, 44);
  });
});

describe('kubeconfig and lab-folder', () => {
  it('flags a KUBECONFIG file name the deploy script does not write', () => {
    const text = withLine(goodText(), 21, 'export KUBECONFIG=$(pwd)/other.kubeconfig');
    const [f] = only(lint({ ...goodLab(), 'README.md': text }), 'kubeconfig');
    assert.equal(f!.line, 21);
    assert.match(f!.message, /writes the kubeconfig to demo\.kubeconfig/);
  });

  it('flags an absolute KUBECONFIG path through a folder that is not the lab folder', () => {
    const wrong = withLine(goodText(), 21, 'export KUBECONFIG=/home/me/labs/1-demo/demo.kubeconfig');
    assert.match(only(lint({ ...goodLab(), 'README.md': wrong }), 'kubeconfig')[0]!.message, /folder named 1-demo/);
    const right = withLine(goodText(), 21, 'export KUBECONFIG=/home/me/labs/01-demo/demo.kubeconfig');
    assert.deepEqual(only(lint({ ...goodLab(), 'README.md': right }), 'kubeconfig'), []);
  });

  it('flags a context other than kind-<cluster>', () => {
    const text = withLine(goodText(), 36, 'kubectl --context kind-other get nodes');
    assert.match(only(lint({ ...goodLab(), 'README.md': text }), 'kubeconfig')[0]!.message, /kind-demo/);
  });

  it('flags a cd into the course folder under another name', () => {
    const text = withLine(goodText(), 15, 'cd containerlab/demo');
    const [f] = only(lint({ ...goodLab(), 'README.md': text }), 'lab-folder');
    assert.equal(f!.fix, 'cd into containerlab/01-demo');
  });
});

describe('missing-object', () => {
  it('flags pods of a workload no applied manifest creates, once, with every line', () => {
    const text = withLine(goodText(), 36, 'kubectl exec -it helper-abcde -- sh');
    const shown = withLine(
      text,
      30,
      'helper-x1y2z            1/1     Running   0          1m    10.1.0.6   demo-worker2   <none>           <none>',
    );
    const found = only(lint({ ...goodLab(), 'README.md': shown }), 'missing-object');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.line, 30);
    assert.match(
      found[0]!.message,
      /pods of helper \(helper-x1y2z, helper-abcde\) \(also lines 36\), .* creates a workload named helper$/,
    );
  });

  it('counts objects the text applies itself, and leaves system namespaces alone', () => {
    const files = {
      ...goodLab(),
      'extra/helper.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: helper\n',
    };
    const text = withLine(
      withLine(goodText(), 15, 'kubectl apply -f extra/helper.yaml'),
      36,
      'kubectl exec -it helper-abcde -- sh',
    );
    assert.deepEqual(only(lint({ ...files, 'README.md': text }), 'missing-object'), []);
    const system = withLine(goodText(), 36, 'kubectl describe deployment coredns -n kube-system');
    assert.deepEqual(only(lint({ ...goodLab(), 'README.md': system }), 'missing-object'), []);
  });

  it('flags a Service, a DaemonSet and a namespace that nothing creates', () => {
    const text = withLine(
      goodText(),
      36,
      'kubectl get svc web-service && kubectl patch ds probes -p {} && kubectl get pods -n shop',
    );
    const names = only(lint({ ...goodLab(), 'README.md': text }), 'missing-object').map((f) =>
      f.message
        .match(/relies on the (\w+) ([\w-]+)/)
        ?.slice(1)
        .join(' '),
    );
    assert.deepEqual(names.sort(), ['DaemonSet probes', 'Namespace shop', 'Service web-service']);
  });
});

describe('output-shape', () => {
  it('flags plain columns under -o wide, and wide columns under a plain command', () => {
    const plain = withLine(goodText(), 28, 'NAME                   READY   STATUS    RESTARTS   AGE');
    const [f] = only(lint({ ...goodLab(), 'README.md': plain }), 'output-shape');
    assert.equal(f!.line, 28);
    assert.match(f!.message, /plain columns/);
    const wideUnasked = withLine(goodText(), 22, 'kubectl get pods');
    assert.match(
      only(lint({ ...goodLab(), 'README.md': wideUnasked }), 'output-shape')[0]!.message,
      /does not ask for/,
    );
  });

  it('notes a wide table cut short, unless the cut is marked', () => {
    const cut = withLine(goodText(), 28, 'NAME                   READY   STATUS    RESTARTS   AGE   IP         NODE');
    const [f] = only(lint({ ...goodLab(), 'README.md': cut }), 'output-shape');
    assert.equal(f!.severity, 'info');
    assert.match(f!.message, /NOMINATED NODE, READINESS GATES/);
    const marked = withLine(
      goodText(),
      28,
      'NAME                   READY   STATUS    RESTARTS   AGE   IP         NODE  ...',
    );
    assert.deepEqual(only(lint({ ...goodLab(), 'README.md': marked }), 'output-shape'), []);
  });

  it('flags iptables -S rules under -L, and a num column without --line-numbers', () => {
    const rules = withLine(goodText(), 61, '-A KUBE-SERVICES -d 10.96.0.20/32 -j KUBE-SVC-ABC');
    assert.match(only(lint({ ...goodLab(), 'README.md': rules }), 'output-shape')[0]!.message, /-S rules/);
    const numbers = withLine(goodText(), 55, 'iptables -t nat -L KUBE-SERVICES -n');
    assert.match(only(lint({ ...goodLab(), 'README.md': numbers }), 'output-shape')[0]!.message, /num column/);
  });
});

describe('version', () => {
  it('flags a node VERSION that is not the pinned kindest/node tag', () => {
    const text = withLine(goodText(), 43, 'demo-control-plane   Ready    control-plane   5m    v1.28.0');
    const [f] = only(lint({ ...goodLab(), 'README.md': text }), 'version');
    assert.equal(f!.line, 43);
    assert.match(f!.message, /v1\.28\.0.*kindest\/node:v1\.29\.1/);
  });

  it('flags another tag of a pinned image and another Calico release', () => {
    const text = withLine(
      withLine(goodText(), 15, 'docker pull frrouting/frr:v9.0.0'),
      36,
      'kubectl apply -f https://raw.githubusercontent.com/projectcalico/calico/v3.29.1/manifests/calico.yaml',
    );
    const messages = only(lint({ ...goodLab(), 'README.md': text }), 'version').map((f) => f.message);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /frrouting\/frr:v9\.0\.0/);
    assert.match(messages[1]!, /Calico v3\.29\.1.*v3\.30\.0/);
  });
});

describe('numbering', () => {
  it('flags a skipped exercise number, and names the bold paragraph that should be the heading', () => {
    const skipped = withLine(goodText(), 66, '### 4. Router');
    const [f] = only(lint({ ...goodLab(), 'README.md': skipped }), 'numbering');
    assert.equal(f!.line, 66);
    assert.match(f!.message, /3 is missing/);
    const bold = withLine(withLine(goodText(), 66, '### 4. Router'), 65, '**3. Look around**');
    assert.match(only(lint({ ...goodLab(), 'README.md': bold }), 'numbering')[0]!.fix!, /make line 65 ### heading/);
  });

  it('flags a repeated number and a sub-number under the wrong parent', () => {
    const repeated = withLine(goodText(), 66, '### 2. Router');
    assert.match(only(lint({ ...goodLab(), 'README.md': repeated }), 'numbering')[0]!.message, /repeats/);
    const misplaced = withLine(goodText(), 48, '#### 3.2 Into a node');
    assert.match(
      only(lint({ ...goodLab(), 'README.md': misplaced }), 'numbering')[0]!.message,
      /3\.2 sits under heading 2/,
    );
  });

  it('starts counting again under another section', () => {
    const text = `${goodText()}\n## Summary\n\n### 1. First point\n\n### 2. Second point\n`;
    assert.deepEqual(only(lint({ ...goodLab(), 'README.md': text }), 'numbering'), []);
  });
});

describe('a text without commands', () => {
  it('has nothing to check and no findings', () => {
    assert.deepEqual(lint({ 'README.md': `# Notes\n\n${fence}\nplain\n${fence}\n` }), []);
  });
});
