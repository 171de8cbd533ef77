// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "notebook-lifecycle-persistence",
  title: "Notebook stopped, given a lifecycle configuration and started again",
  description: "One principal stops a notebook instance, updates it with a lifecycle configuration and starts it again within a short window: the lifecycle script then runs as root on the notebook (persistence, code execution with the notebook's role).",
  severity: "high",
  confidence: "strong",
  scenarios: [
    "malware-deployment",
    "configuration-changes",
    "credential-theft"
  ],
  mitre: [
    "T1037",
    "T1098"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    stopEvent: "StopNotebookInstance",
    updateEvent: "UpdateNotebookInstance",
    startEvent: "StartNotebookInstance",
    windowMinutes: 60
  }
};
