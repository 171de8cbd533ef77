import type { Command } from 'commander';
import { define as analyze } from './analyze/command.js';

/** Each command's definer (options only; its work is imported lazily when it runs). Order is help order. */
export const COMMANDS: ((program: Command) => void)[] = [analyze];
