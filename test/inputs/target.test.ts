/** Bad inputs about which lab to check: each stops `labgate run` with one line, before any scenario. */
import { strict as assert } from 'node:assert';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { createTwinPki } from '../../twin/api/pki.ts';
import { kubeconfigCopy, problemLine, runCli, tempDir, twinEnv } from './harness.ts';

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('1. LABGATE_KUBECONFIG names a missing file', async () => {
  const { dir, cleanup } = tempDir('nokubeconfig');
  try {
    const missing = path.join(dir, 'nope.kubeconfig');
    const run = await runCli(['run'], twinEnv({ LABGATE_KUBECONFIG: missing }));
    const line = problemLine(run, 2);
    assert.match(line, new RegExp(`^labgate: kubeconfig ${missing} does not exist \\(.*LABGATE_KUBECONFIG.*\\)$`));
  } finally {
    cleanup();
  }
});

test('2. LABGATE_CONTEXT names a context the kubeconfig does not have', async () => {
  const run = await runCli(['run'], twinEnv({ LABGATE_CONTEXT: 'nope' }));
  const line = problemLine(run, 2);
  assert.match(
    line,
    /^labgate: context "nope" is not in .*k8-services\.kubeconfig \(contexts: kind-k8-services\) \(set LABGATE_CONTEXT to one of them\)$/,
  );
});

test('3. the API server address is a closed port', async () => {
  const { dir, cleanup } = tempDir('closedport');
  try {
    const port = await closedPort();
    const kubeconfig = kubeconfigCopy(dir, (doc) => (doc.clusters[0]!.cluster.server = `https://127.0.0.1:${port}`));
    const run = await runCli(['run'], twinEnv({ LABGATE_KUBECONFIG: kubeconfig }));
    const line = problemLine(run, 2);
    assert.match(
      line,
      new RegExp(
        `^labgate: the Kubernetes API at https://127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\) \\(is the lab running\\?.*\\)$`,
      ),
    );
  } finally {
    cleanup();
  }
});

test('4a. a client certificate from another CA: the API refuses the credentials', async () => {
  const { dir, cleanup } = tempDir('foreigncert');
  try {
    const foreign = createTwinPki(); // a fresh CA, unknown to the twin's API server
    const kubeconfig = kubeconfigCopy(dir, (doc) => {
      doc.users[0]!.user['client-certificate-data'] = b64(foreign.clientCertPem);
      doc.users[0]!.user['client-key-data'] = b64(foreign.clientKeyPem);
    });
    const run = await runCli(['run'], twinEnv({ LABGATE_KUBECONFIG: kubeconfig }));
    const line = problemLine(run, 2);
    assert.match(
      line,
      /^labgate: the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ refused the kubeconfig's credentials \(HTTP 401\) \(.*re-export it from the lab\)$/,
    );
  } finally {
    cleanup();
  }
});

test('4b. a CA from elsewhere: TLS to the API server is refused', async () => {
  const { dir, cleanup } = tempDir('foreignca');
  try {
    const foreign = createTwinPki();
    const kubeconfig = kubeconfigCopy(
      dir,
      (doc) => (doc.clusters[0]!.cluster['certificate-authority-data'] = b64(foreign.caPem)),
    );
    const run = await runCli(['run'], twinEnv({ LABGATE_KUBECONFIG: kubeconfig }));
    const line = problemLine(run, 2);
    assert.match(
      line,
      /^labgate: TLS to the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ was refused \([A-Z_]+\) \(.*CA or client certificate.*\)$/,
    );
  } finally {
    cleanup();
  }
});

test('7. LABGATE_CLUSTER names a Kind cluster with no node containers', async () => {
  const run = await runCli(['run'], twinEnv({ LABGATE_CLUSTER: 'some-other-cluster' }));
  const line = problemLine(run, 2);
  assert.match(
    line,
    /^labgate: no lab node container found for the Kubernetes nodes k8-services-control-plane, k8-services-worker, k8-services-worker2 \(looked for Docker containers labelled io\.x-k8s\.kind\.cluster=some-other-cluster\) \(set LABGATE_CLUSTER.*\)$/,
  );
});

test('8. LABGATE_SETTLE_SECONDS is not a number of seconds', async () => {
  const run = await runCli(['run'], twinEnv({ LABGATE_SETTLE_SECONDS: '10s' }));
  const line = problemLine(run, 2);
  assert.equal(line, 'labgate: LABGATE_SETTLE_SECONDS must be a positive number of seconds, not "10s"');
});
