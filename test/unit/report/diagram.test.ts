import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderServiceDiagram, serviceDiagramDot } from '../../../support/kubeproxy/diagram.ts';
import { labRecordedNginxView } from './labRecordedView.ts';
import { nodeLeftEdges, svgTexts } from './svgText.ts';

// Values below are the lab's recorded ones (iptables-L-KUBE-SVC.txt, iptables-L-KUBE-SEP-{1,2}.txt).
const CHAINS = ['KUBE-SERVICES', 'KUBE-SVC-6IM33IEVEEV7U3GP', 'KUBE-SEP-M6MI3YLHVX7DA53R', 'KUBE-SEP-MJ46KNWYZBDUIDMY'];

test('the diagram names every chain, the VIP, the pods, the masquerade rule and the branch probability', async () => {
  const svg = await renderServiceDiagram(labRecordedNginxView(), { node: 'k8-services-worker' });
  assert.match(svg, /^<\?xml|^<svg|<svg\b/);
  const text = svgTexts(svg).join('\n');
  for (const chain of CHAINS) assert.ok(text.includes(chain), `missing ${chain}`);
  assert.ok(text.includes('10.96.204.67:80'), 'Service VIP:port');
  assert.ok(text.includes('192.168.156.5:80') && text.includes('192.168.202.196:80'), 'pod endpoints');
  assert.ok(text.includes('! -s 192.168.0.0/16 -j KUBE-MARK-MASQ'), 'masquerade rule of the service chain');
  assert.ok(text.includes('probability 0.5'), 'first branch probability');
  assert.equal(text.match(/share 50%/g)?.length, 2, 'both endpoints get half');
  assert.ok(text.includes('k8-services-worker'), 'the node the rules were read on');
  assert.doesNotMatch(text, /pkts/, 'no counters in the input, none drawn');
});

test('packet counters appear on the branches when the rules were listed with counters', async () => {
  const text = svgTexts(await renderServiceDiagram(labRecordedNginxView([9, 11]))).join('\n');
  assert.ok(text.includes('9 pkts'));
  assert.ok(text.includes('11 pkts'));
});

test('the flow runs left to right: VIP, KUBE-SERVICES, KUBE-SVC, KUBE-SEP, pod', async () => {
  const left = nodeLeftEdges(await renderServiceDiagram(labRecordedNginxView()));
  const order = ['client', 'kube_services', 'kube_svc', 'sep_0', 'pod_0'];
  for (let i = 1; i < order.length; i++) {
    assert.ok(left.get(order[i - 1]!)! < left.get(order[i]!)!, `${order[i - 1]} should be left of ${order[i]}`);
  }
  assert.ok(
    left.get('kube_svc')! < left.get('sep_1')! && left.get('sep_1')! < left.get('pod_1')!,
    'second branch in the same flow',
  );
  assert.equal(left.size, 7, 'VIP + KUBE-SERVICES + KUBE-SVC + 2 KUBE-SEP + 2 pods');
});

test('three endpoints: probabilities 1/3 and 1/2 as iptables prints them, one share each', async () => {
  const view = labRecordedNginxView();
  const third = {
    ...view.endpoints[0]!,
    address: '192.168.145.11:80',
    chain: 'KUBE-SEP-AAAAAAAAAAAAAAAA',
    hairpinMasqFrom: '192.168.145.11',
  };
  view.endpoints = [
    { ...third, ruleProbability: 0.33333333349, share: 1 / 3 },
    { ...view.endpoints[0]!, ruleProbability: 0.5, share: 1 / 3 },
    { ...view.endpoints[1]!, share: 1 / 3 },
  ];
  const text = svgTexts(await renderServiceDiagram(view)).join('\n');
  assert.ok(text.includes('probability 0.33333'));
  assert.ok(text.includes('probability 0.5'));
  assert.equal(text.match(/share 33\.3%/g)?.length, 3);
  assert.ok(text.includes('rule 4: no statistic match'), 'the last branch is rule 4 after the masquerade rule');
});

test("a Service with no endpoints and a chain name that is not kube-proxy's says so", async () => {
  const view = {
    ...labRecordedNginxView(),
    endpoints: [],
    chainMatchesKubeProxyHash: false,
    masqueradeUnlessFrom: null,
  };
  const text = svgTexts(await renderServiceDiagram(view)).join('\n');
  assert.ok(text.includes('no endpoints'));
  assert.ok(text.includes('name differs from the kube-proxy hash'));
  assert.ok(text.includes('no masquerade rule'));
});

test('labels with markup characters are escaped, not interpreted', async () => {
  const view = { ...labRecordedNginxView(), name: `default/we<ird>&"svc'":http` };
  const svg = await renderServiceDiagram(view, { title: 'a <b>bold</b> & "quoted" title' });
  const text = svgTexts(svg);
  assert.ok(text.includes(`default/we<ird>&"svc'":http`));
  assert.ok(text.includes('a <b>bold</b> & "quoted" title'));
  assert.doesNotMatch(serviceDiagramDot(view), /we<ird>/, 'raw markup never reaches the DOT text');
});
