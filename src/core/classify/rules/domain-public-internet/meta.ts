// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "domain-public-internet",
  title: "Studio domain created or switched to public internet access",
  description: "A SageMaker Studio domain created with AppNetworkAccessType PublicInternetOnly, or without the field (SageMaker's default is PublicInternetOnly), or an UpdateDomain that switches a domain to it: Studio apps then reach the internet directly, outside the VPC's controls, the path for downloading tools and sending data out. The playbook's guardrail (prepare's SCP) denies exactly these requests. A switch on an existing domain is high; a create at the default is medium. False positives: a sandbox domain created on purpose without a VPC (tag it, and keep it out of production accounts).",
  severity: "medium",
  confidence: "medium",
  hardeningLowers: false,
  scenarios: [
    "configuration-changes",
    "data-model-exfiltration"
  ],
  mitre: [
    "T1562.007",
    "T1578.005"
  ],
  references: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html",
    "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateDomain.html"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    createEvent: "CreateDomain",
    updateEvent: "UpdateDomain",
    field: "appNetworkAccessType",
    publicValue: "PublicInternetOnly",
    switchSeverity: "high"
  }
};
