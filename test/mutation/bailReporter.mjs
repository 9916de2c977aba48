// node:test reporter that ends the process at the first failing test: one failure kills the mutant.
export default async function* bailReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail' || event.data.todo || event.data.skip) continue;
    const error = event.data.details?.error;
    const why = error?.cause?.message ?? error?.message ?? '';
    process.stderr.write(`failed: ${event.data.name} (${event.data.file ?? 'unknown file'})\n${why}\n`);
    process.exit(1);
  }
  yield '';
}
