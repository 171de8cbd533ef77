// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "notebook-insecure-config",
  title: "Notebook instance with root access, internet access, no VPC or IMDSv1",
  description: "A notebook instance created or updated with RootAccess or DirectInternetAccess Enabled (SageMaker enables both by default when CreateNotebookInstance does not set them), created without a subnet (outside any VPC: its traffic leaves through SageMaker's network, out of reach of VPC endpoints' policies and flow logs), or allowed to use IMDSv1 (MinimumInstanceMetadataServiceVersion 1: a request forged through the notebook's code reads the execution role's credentials without a token). False positives: sandboxes a team runs deliberately outside a VPC; suppress them by name with a reason.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "resource-misuse",
    "malware-deployment",
    "configuration-changes"
  ],
  mitre: [
    "T1578.005",
    "T1133",
    "T1552.005"
  ],
  references: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-imds.html",
    "https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    createEvent: "CreateNotebookInstance",
    updateEvent: "UpdateNotebookInstance",
    settings: [
      "RootAccess",
      "DirectInternetAccess"
    ],
    insecureValue: "Enabled",
    requiredOnCreate: [{ field: "subnetId", label: "no VPC (SubnetId not set)" }],
    weakValues: [
      {
        path: "instanceMetadataServiceConfiguration.minimumInstanceMetadataServiceVersion",
        value: "1",
        label: "IMDSv1 allowed (MinimumInstanceMetadataServiceVersion 1)"
      }
    ]
  }
};
