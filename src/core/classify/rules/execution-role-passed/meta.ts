// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "execution-role-passed",
  title: "Execution role passed to SageMaker",
  description: "A principal passed an IAM role (iam:PassRole) to a notebook instance, training job or processing job: code it controls then runs with that role's permissions (privilege escalation). Higher severity when the caller used long-term access keys or is the root user.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "resource-misuse",
    "credential-theft"
  ],
  mitre: [
    "T1548",
    "T1078.004"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    events: [
      "CreateNotebookInstance",
      "CreateTrainingJob",
      "CreateProcessingJob"
    ],
    roleField: "roleArn",
    longTermKeyPrefix: "AKIA",
    elevatedSeverity: "high"
  }
};
