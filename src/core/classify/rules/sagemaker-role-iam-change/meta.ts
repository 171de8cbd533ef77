// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "sagemaker-role-iam-change",
  title: "IAM change to a role SageMaker assumes",
  description: "A role created or re-trusted for sagemaker.amazonaws.com, or a policy attached, put, detached or deleted on a role known as a SageMaker role (its trust policy names SageMaker, it was passed to SageMaker in these events, or its name says so).",
  severity: "high",
  confidence: "medium",
  scenarios: [
    "configuration-changes",
    "credential-theft"
  ],
  mitre: [
    "T1098.003",
    "T1098"
  ],
  params: {
    source: "iam.amazonaws.com",
    trustEvents: {
      CreateRole: "assumeRolePolicyDocument",
      UpdateAssumeRolePolicy: "policyDocument"
    },
    policyEvents: [
      "PutRolePolicy",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "DeleteRolePolicy",
      "UpdateRole"
    ],
    servicePrincipal: "sagemaker.amazonaws.com",
    roleSource: "sagemaker.amazonaws.com",
    roleArnFields: [
      "roleArn",
      "executionRoleArn"
    ],
    roleNamePatterns: [
      "^AmazonSageMaker-ExecutionRole",
      "sagemaker"
    ]
  }
};
