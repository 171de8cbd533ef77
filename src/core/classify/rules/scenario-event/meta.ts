// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "scenario-event",
  title: "Event named by a playbook threat scenario",
  description: "A successful call whose event source and name the playbook lists under one or more threat scenarios. These calls are also used legitimately every day: the name alone is weak evidence. Severity info, low at most when the request or the caller adds evidence (never counted by --fail-on medium); failed calls are left to failed-call-burst.",
  severity: "info",
  maxSeverity: "low",
  confidence: "weak",
  scenarios: [],
  mitre: [],
  params: {}
};
