// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "monitoring-disabled",
  title: "Model monitoring stopped or deleted",
  description: "A Model Monitor schedule stopped or deleted (StopMonitoringSchedule, DeleteMonitoringSchedule): data-quality, model-quality, bias and explainability checks stop, so poisoned data or a swapped model is no longer noticed. Data scientists pause schedules too: the finding says which schedule and who; read it with what else that principal did. Failed attempts are reported.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "data-poisoning",
    "log-tampering"
  ],
  mitre: [
    "T1562.001"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    events: [
      "StopMonitoringSchedule",
      "DeleteMonitoringSchedule"
    ]
  }
};
