/** Pasted outputs read by format name: the catalogue `labgate read` lists, and how a reading is shown. */
export { PASTED_FORMATS, pastedFormat, type PastedFormat } from './formats.ts';
export { describeReading } from './describe.ts';
