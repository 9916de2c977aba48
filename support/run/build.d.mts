/** The directory of an up-to-date esbuild build of the CLI (see build.mjs); undefined when there is none. */
export function currentBuild(): Promise<string | undefined>;
