/**
 * The `sm-ir prepare` flags that fill Config rule parameters (config-rules.json's `flag`). The playbook
 * is checked against this list when loaded, and prepare declares and reads exactly these, so a
 * parameter naming a flag prepare lacks is a data error at load, never a surprise at run time.
 */
export const CONFIG_RULE_FLAGS = ['--notebook-platform-versions'] as const;
export type ConfigRuleFlag = (typeof CONFIG_RULE_FLAGS)[number];
