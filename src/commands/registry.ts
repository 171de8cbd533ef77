import type { Command } from 'commander';
import { define as analyze } from './analyze/command.js';
import { define as completion } from './completion/command.js';
import { define as contain } from './contain/command.js';
import { define as detect } from './detect/command.js';
import { define as playbook } from './playbook/command.js';
import { define as posture } from './posture/command.js';
import { define as prepare } from './prepare/command.js';
import { define as schema } from './schema/command.js';

/** Each command's definer (options only; its work is imported lazily when it runs). Order is the playbook's phases. */
export const COMMANDS: ((program: Command) => void)[] = [prepare, posture, detect, analyze, contain, playbook, schema, completion];
