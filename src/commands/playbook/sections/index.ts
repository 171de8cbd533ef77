import type { PlaybookSection } from './types.js';
import { scenariosSection } from './scenarios.js';
import { sourcesSection } from './sources.js';
import { rulesSection } from './rules.js';
import { questionsSection } from './questions.js';
import { scpsSection } from './scps.js';
import { configRulesSection } from './config-rules.js';
import { containmentSection } from './containment.js';
import { bestPracticesSection } from './best-practices.js';
import { postureSection } from './posture.js';
import { attackSection } from './attack.js';

/**
 * The registry of `sm-ir playbook` sections, in display order (the playbook's phases: detect,
 * analyze, prepare, contain, then its appendix). A new playbook file is shown by adding its section
 * here: one import, one entry; its JSON schema is registered from this list.
 */
export const SECTIONS: readonly PlaybookSection[] = [
  scenariosSection,
  sourcesSection,
  rulesSection,
  attackSection,
  questionsSection,
  scpsSection,
  configRulesSection,
  containmentSection,
  bestPracticesSection,
  postureSection,
];

export type { PlaybookSection } from './types.js';
