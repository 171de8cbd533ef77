// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "execution-role-passed",
  title: "Execution role passed to SageMaker",
  description: "A principal passed an IAM role (iam:PassRole) to a notebook instance, training job or processing job: code it controls then runs with that role's permissions (privilege escalation). Lower when the job or notebook is created with the settings the playbook requires (VPC, KMS, isolation); higher when the caller used a long-term access key, is the root user, or uses an offensive tool.",
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
    roleField: "roleArn"
  }
};
