/**
 * commander, loaded through `require`: it is a CommonJS package, and importing it as an ES module (its esm.mjs
 * wrapper, parsed for its exports) costs ~5 ms more at every start of the CLI.
 */
import { createRequire } from 'node:module';

const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

export const Command = commander.Command;
export type Command = import('commander').Command;
export const CommanderError = commander.CommanderError;
export type CommanderError = import('commander').CommanderError;
export const Option = commander.Option;
export type Option = import('commander').Option;
