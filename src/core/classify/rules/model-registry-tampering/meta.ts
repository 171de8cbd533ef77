// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "model-registry-tampering",
  title: "Model registry tampering",
  description: "The model registry opened or bypassed: a model package group's resource policy granting another account or anyone (PutModelPackageGroupPolicy), a version registered already Approved (CreateModelPackage with ModelApprovalStatus Approved, skipping review), or a version approved by the principal that registered it (UpdateModelPackage, both seen in the window). Pipelines that deploy approved versions then ship what the attacker registered.",
  severity: "high",
  confidence: "medium",
  scenarios: [
    "data-poisoning",
    "data-model-exfiltration",
    "configuration-changes"
  ],
  mitre: [
    "T1195",
    "T1565.001"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    policyEvent: "PutModelPackageGroupPolicy",
    createEvent: "CreateModelPackage",
    updateEvent: "UpdateModelPackage",
    approved: "Approved"
  }
};
