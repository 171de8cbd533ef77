import type { OutputFormat } from '../../output/formats.js';

/** The playbook is documents, not records: no jsonl or csv. */
export const PLAYBOOK_FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown'];
