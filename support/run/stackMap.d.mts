/** Maps stack frames in the build directory back to the TypeScript sources (see stackMap.mjs). */
export function mapBuildStacks(buildDir: string): void;
