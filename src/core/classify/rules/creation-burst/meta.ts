// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "creation-burst",
  title: "Burst of job, endpoint or notebook creation",
  description: "One principal created many jobs, endpoints or notebooks within a few minutes: resource misuse, cryptojacking or denial of service through quota exhaustion.",
  severity: "high",
  confidence: "medium",
  scenarios: [
    "resource-misuse",
    "denial-of-service",
    "cryptojacking"
  ],
  mitre: [
    "T1496.001",
    "T1499"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    events: [
      "CreateTrainingJob",
      "CreateHyperParameterTuningJob",
      "CreateProcessingJob",
      "CreateTransformJob",
      "CreateEndpoint",
      "CreateNotebookInstance"
    ],
    threshold: 5,
    windowMinutes: 10
  }
};
