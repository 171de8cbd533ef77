import type { PlaybookSection } from './types.js';
import { scenariosSection } from './scenarios.js';
import { sourcesSection } from './sources.js';
import { bestPracticesSection } from './best-practices.js';

/**
 * The registry of `sm-ir playbook` sections, in display order. A new playbook file (questions,
 * rules, SCPs, Config rules, containment steps) is shown by adding its section here: one import,
 * one entry.
 */
export const SECTIONS: readonly PlaybookSection[] = [scenariosSection, sourcesSection, bestPracticesSection];

export type { PlaybookSection } from './types.js';
