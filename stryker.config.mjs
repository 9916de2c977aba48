// Mutation testing of the pure checks and parsers (`npm run mutation`, docs/mutation.md).
// Each group pairs the modules mutated with the unit tests that exercise them: a mutant runs only its group's
// tests (test/mutation/runTests.mjs), in the order listed, and stops at the first failure: fast tests first.
// When a module moves, update its path here and nowhere else.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// suite/checksFail and suite/nothingToLookAt make every check fail (a broken promise, nothing to look at): each
// group of checks runs them after its own tests
const EVERY_CHECK_FAILS = ['test/unit/suite/checksFail.test.ts', 'test/unit/suite/nothingToLookAt.test.ts'];

/** @type {{ name: string, mutate: string[], tests: string[] }[]} */
export const groups = [
  {
    name: 'kube objects (services, endpoints, headless, workloads, cluster)',
    mutate: [
      'support/services/checks.ts',
      'support/services/endpointChecks.ts',
      'support/services/headlessChecks.ts',
      'support/kubeproxy/headlessRules.ts',
      'support/workloads/checks.ts',
      'support/cluster/checks.ts',
    ],
    tests: [
      'test/unit/checks/*.test.ts',
      'test/unit/suite/tigeraStatus.test.ts',
      'test/unit/suite/kube.test.ts',
      ...EVERY_CHECK_FAILS,
    ],
  },
  {
    name: 'kube-proxy rules, chain names, probabilities, binomial',
    mutate: [
      'support/kubeproxy/checks.ts',
      'support/kubeproxy/kubeProxyNames.ts',
      'support/kubeproxy/probability.ts',
      'support/kubeproxy/binomial.ts',
    ],
    tests: [
      'test/unit/kubeProxy/*.test.ts',
      'test/unit/suite/kubeProxy.test.ts',
      'test/unit/dataplane/kubeProxyNames.test.ts',
      'test/unit/dataplane/probability.test.ts',
      'test/unit/dataplane/binomial.test.ts',
      ...EVERY_CHECK_FAILS,
    ],
  },
  {
    name: 'connectivity (probe scripts and their parsers)',
    mutate: ['support/connectivity/checks.ts', 'support/connectivity/scripts.ts'],
    // the probe tests run the scripts against local servers (seconds); the parsers' and checks' tests go first
    tests: ['test/unit/connectivity/*.test.ts', ...EVERY_CHECK_FAILS, 'test/unit/suite/probe.test.ts'],
  },
  {
    name: 'redis',
    mutate: ['support/application/checks.ts'],
    tests: ['test/unit/redis/*.test.ts', 'test/unit/suite/redis.test.ts', ...EVERY_CHECK_FAILS],
  },
  {
    name: 'DNS (Corefile, resolv.conf, dig)',
    mutate: ['support/dns/checks.ts', 'support/dns/dig.ts', 'support/dns/corefile.ts', 'support/dns/resolvConf.ts'],
    tests: ['test/unit/dns/*.test.ts', ...EVERY_CHECK_FAILS],
  },
  {
    name: 'pod network',
    mutate: ['support/podnet/checks/*.ts'],
    tests: ['test/unit/network/*.test.ts', ...EVERY_CHECK_FAILS],
  },
  {
    name: 'IPAM',
    mutate: ['support/ipam/checks.ts'],
    tests: ['test/unit/ipam/*.test.ts', ...EVERY_CHECK_FAILS],
  },
];

const projectRoot = dirname(fileURLToPath(import.meta.url));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  buildCommand: 'node test/mutation/bundle.mjs',
  // the project root lets the runner link the course text (../shared) next to the sandbox, as the tests expect it
  commandRunner: {
    command:
      'node --test-reporter=./test/mutation/bailReporter.mjs test/mutation/runTests.mjs ' + JSON.stringify(projectRoot),
  },
  coverageAnalysis: 'off',
  mutate: groups.flatMap((g) => g.mutate),
  // the sandbox holds only what the unit tests read: support/, test/ (not its twin suites), the labs' files, twin/
  // (the DNS tests read the twin's Corefile)
  ignorePatterns: [
    '/*',
    '!/support',
    '!/test',
    '!/features',
    '!/manifests',
    '!/twin',
    '!/package.json',
    '!/tsconfig.json',
    '!/stryker.config.mjs',
    '/test/twin',
    '/test/twin-lab',
    '/test/faults',
    '/test/main-job',
    '/test/after-down',
    '/test/host',
  ],
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  // a mutant runs one group's tests; the dry run runs every group's (about 3 s), and a mutant run that outlasts it
  // by 3 s more is an endless loop (the parsers' while loops): killed, and counted as detected
  timeoutFactor: 1,
  timeoutMS: 3_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always',
};
