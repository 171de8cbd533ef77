// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "execution-role-passed",
  title: "Execution role passed to SageMaker",
  description: "A principal passed an IAM role (iam:PassRole) to a notebook instance, training, processing, tuning or AutoML job, pipeline, model, MLflow tracking server, HyperPod cluster, or a Studio domain or user profile (on an Update call: a role swap of something that already exists): code it controls then runs with that role's permissions (privilege escalation). Lower when the job or notebook is created with the settings the playbook requires (VPC, KMS, isolation); higher when the caller used a long-term access key, is the root user, or uses an offensive tool.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "resource-misuse",
    "credential-theft"
  ],
  mitre: [
    "T1548.005",
    "T1078.004"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    roleFields: {
      CreateNotebookInstance: ["roleArn"],
      CreateTrainingJob: ["roleArn"],
      CreateProcessingJob: ["roleArn"],
      CreateHyperParameterTuningJob: ["trainingJobDefinition.roleArn", "trainingJobDefinitions[].roleArn"],
      CreateAutoMLJob: ["roleArn"],
      CreateAutoMLJobV2: ["roleArn"],
      CreatePipeline: ["roleArn"],
      UpdatePipeline: ["roleArn"],
      CreateModel: ["executionRoleArn"],
      CreateMlflowTrackingServer: ["roleArn"],
      CreateCluster: ["instanceGroups[].executionRole"],
      UpdateCluster: ["instanceGroups[].executionRole"],
      CreateDomain: ["defaultUserSettings.executionRole", "defaultSpaceSettings.executionRole"],
      UpdateDomain: ["defaultUserSettings.executionRole", "defaultSpaceSettings.executionRole"],
      CreateUserProfile: ["userSettings.executionRole"],
      UpdateUserProfile: ["userSettings.executionRole"]
    },
    swapEvents: ["UpdatePipeline", "UpdateCluster", "UpdateDomain", "UpdateUserProfile"]
  }
};
