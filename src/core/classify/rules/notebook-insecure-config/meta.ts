// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "notebook-insecure-config",
  title: "Notebook instance with root access or direct internet access",
  description: "A notebook instance created or updated with RootAccess or DirectInternetAccess Enabled. SageMaker enables both by default when CreateNotebookInstance does not set them.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "resource-misuse",
    "malware-deployment",
    "configuration-changes"
  ],
  mitre: [
    "T1578.005",
    "T1133"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    createEvent: "CreateNotebookInstance",
    updateEvent: "UpdateNotebookInstance",
    settings: [
      "RootAccess",
      "DirectInternetAccess"
    ],
    insecureValue: "Enabled"
  }
};
