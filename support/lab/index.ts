export * from './target.ts';
export { chooseLab, loadLab, loadLabs, labNames, REPO_ROOT, type Lab } from './catalog.ts';
