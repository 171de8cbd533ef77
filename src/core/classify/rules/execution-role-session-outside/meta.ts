// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "execution-role-session-outside",
  title: "SageMaker execution-role session used outside SageMaker",
  description: "A session SageMaker opened for an execution role (assumed-role/<role>/SageMaker: notebook instances, jobs and Studio apps) called IAM, STS or Organizations from an address that is not an AWS service and with a user agent that is not the SageMaker SDK's: credentials taken from a notebook or job (instance metadata, a lifecycle script) and used elsewhere, the end of every SageMaker privilege-escalation path. A write (creating roles, attaching policies) is high; a read (GetCallerIdentity, listing roles) medium, raised by an offensive tool's user agent. False positives: code in a notebook that manages IAM itself with the plain AWS CLI (check the source address against the notebook's network interface or NAT gateway before containing).",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "credential-theft",
    "configuration-changes"
  ],
  mitre: [
    "T1552.005",
    "T1078.004",
    "T1098"
  ],
  params: {
    sources: [
      "iam.amazonaws.com",
      "sts.amazonaws.com",
      "organizations.amazonaws.com"
    ],
    sessionNames: ["SageMaker"],
    insideUserAgentPatterns: ["AWS-SageMaker", "sagemaker", "exec-env/AWS_SageMaker"],
    writeSeverity: "high"
  }
};
