export * from './target.ts';
export { resolveTarget, type ResolvedTarget } from './resolve.ts';
