// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "large-instance-type",
  title: "GPU/accelerated or very large instance type",
  description: "A notebook, job, endpoint configuration or app asked for a GPU/accelerated instance family or a very large size: the usual shape of cryptojacking and of resource exhaustion.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "cryptojacking",
    "resource-misuse",
    "denial-of-service"
  ],
  mitre: [
    "T1496.001"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    events: [
      "CreateNotebookInstance",
      "UpdateNotebookInstance",
      "CreateTrainingJob",
      "CreateHyperParameterTuningJob",
      "CreateProcessingJob",
      "CreateTransformJob",
      "CreateEndpointConfig",
      "CreateApp",
      "CreateCluster"
    ],
    instanceTypeField: "instanceType",
    acceleratedFamilies: [
      "p",
      "g",
      "inf",
      "trn",
      "dl"
    ],
    minLargeSize: 12
  }
};
