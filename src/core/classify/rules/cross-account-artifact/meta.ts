// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "cross-account-artifact",
  title: "Image, model data, output or key in another AWS account",
  description: "A request names an ECR image, S3 access point, KMS key or SageMaker resource whose ARN or URI belongs to an account other than the event's: data or models leaving the account, or foreign code coming in. Plain s3://bucket names do not reveal an account and are not judged. A foreign image in a model or job without network isolation (EnableNetworkIsolation) is high: the container can send out what it reads; with isolation on it is medium.",
  severity: "high",
  confidence: "medium",
  hardeningLowers: false,
  scenarios: [
    "data-model-exfiltration",
    "data-poisoning"
  ],
  mitre: [
    "T1537",
    "T1565.001",
    "T1525"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    arnServices: [
      "kms",
      "s3",
      "s3-object-lambda",
      "ecr",
      "sagemaker"
    ],
    trustedAccounts: [],
    isolationPaths: ["enableNetworkIsolation", "networkConfig.enableNetworkIsolation", "trainingJobDefinition.enableNetworkIsolation"],
    isolatedImageSeverity: "medium",
    trustedAccountsNote: "Accounts whose artifacts are yours: your organisation's shared registries and keys. The registries of SageMaker's prebuilt images (built-in algorithms, frameworks, Deep Learning Containers) are AWS's and need not be listed: playbook/aws-registries.json holds them, with their sources."
  }
};
