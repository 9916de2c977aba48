/** Calico IPAM from cluster objects: the picture `calicoctl ipam show` gives, and lab 01's block checks. */
export * from './model.ts';
export * from './blockSharing.ts';
export { cidrSize, prefixOf } from '../floor/address.ts';
export * from './objects.ts';
export * from './picture.ts';
export * from './calicoctlTable.ts';
export * from './checks.ts';
export * from './poolChecks.ts';
