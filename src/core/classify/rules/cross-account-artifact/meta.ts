// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "cross-account-artifact",
  title: "Image, model data, output or key in another AWS account",
  description: "A request names an ECR image, S3 access point, KMS key or SageMaker resource whose ARN or URI belongs to an account other than the event's: data or models leaving the account, or foreign code coming in. Plain s3://bucket names do not reveal an account and are not judged.",
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
    trustedAccounts: [
      "763104351884"
    ],
    trustedAccountsNote: "AWS-owned registries of SageMaker's prebuilt images (763104351884: AWS Deep Learning Containers). Add the registries of the built-in algorithms for your regions and your organisation's shared accounts."
  }
};
