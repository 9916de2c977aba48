/** Routers and switches: their state read from EOS (text and JSON) and FRR (vtysh JSON) into one model. */
export * from './model.ts';
export { fullInterfaceName, normalMac } from './names.ts';
export { KNOWN_COMMANDS, recogniseCommand, type KnownCommand, type RecognisedCommand } from './commands.ts';
export { readRouterOutput } from './read.ts';
