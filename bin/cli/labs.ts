/** `labgate labs`: the labs labgate gates, with their clusters and how many features and scenarios each has. */
import path from 'node:path';
import type { Command } from 'commander';

export function registerLabs(program: Command): void {
  program
    .command('labs')
    .description('list the labs: name, title, cluster and nodes, features and scenarios')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { loadLabs } = await import('../../support/lab/catalog.ts');
      const { countScenarios } = await import('../../support/validate/featureCount.ts');
      const rows = await Promise.all(
        loadLabs().map(async (lab) => ({
          name: lab.name,
          title: lab.title,
          cluster: lab.cluster.name,
          nodes: lab.nodes.map((n) => n.name),
          namespaces: lab.namespaces,
          kubeconfig: lab.cluster.kubeconfig,
          // the lab's folder in the published course, its text and topology (what CI checks out and deploys)
          course: lab.course && {
            folder: path.basename(lab.course.dir),
            text: lab.course.text,
            topology: lab.course.topology,
          },
          ...(await countScenarios(lab.featuresDir)),
        })),
      );
      if (opts.json) {
        console.log(JSON.stringify({ labs: rows }, null, 2));
        return;
      }
      for (const r of rows) {
        console.log(`${r.name}  ${r.title}`);
        console.log(
          `  cluster ${r.cluster} (${r.nodes.length} nodes), namespaces ${r.namespaces.join(', ')}; ` +
            `${r.features} features, ${r.scenarios} scenarios (${r.liveScenarios} on a live lab)`,
        );
      }
    });
}
