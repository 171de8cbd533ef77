// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "execution-role-session-outside",
  title: "SageMaker execution-role session used outside SageMaker",
  description: "A session SageMaker opened for an execution role (assumed-role/<role>/SageMaker: notebook instances, jobs and Studio apps) called IAM, STS or Organizations from an address that is not an AWS service and with a user agent that is not the SageMaker SDK's: credentials taken from a notebook or job (instance metadata, a lifecycle script) and used elsewhere, the end of every SageMaker privilege-escalation path (pathfinding.cloud's sagemaker-* paths, Hacking the Cloud's SageMaker notebook credential theft). A write (creating users, roles or keys, attaching policies) is high; a read (GetCallerIdentity, listing roles and policies) medium. False positives: code in a notebook that manages IAM itself with the plain AWS CLI (check the source address against the notebook's network interface or NAT gateway before containing). Not read, for volume: sts:AssumeRole (every service's sessions write one).",
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
  references: [
    "https://pathfinding.cloud",
    "https://hackingthe.cloud/aws/exploitation/iam_privilege_escalation/",
    "https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-steal-instance-credentials/"
  ],
  params: {
    // What an attacker does with a stolen session: find out who it is and what it may do, then escalate or persist.
    events: {
      "iam.amazonaws.com": [
        "CreateUser", "CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "CreateRole", "UpdateAssumeRolePolicy",
        "PutRolePolicy", "AttachRolePolicy", "PutUserPolicy", "AttachUserPolicy", "PutGroupPolicy", "AttachGroupPolicy",
        "AddUserToGroup", "CreatePolicy", "CreatePolicyVersion", "SetDefaultPolicyVersion", "DeleteRolePermissionsBoundary",
        "DeleteUserPermissionsBoundary", "UpdateRole", "CreateInstanceProfile", "AddRoleToInstanceProfile", "UpdateAccessKey",
        "GetAccountAuthorizationDetails", "ListRoles", "ListUsers", "ListPolicies", "GetRole", "GetRolePolicy",
        "ListRolePolicies", "ListAttachedRolePolicies", "GetPolicy", "GetPolicyVersion", "ListAttachedUserPolicies",
        "GetUser", "ListAccessKeys", "SimulatePrincipalPolicy", "ListGroups", "GetAccountSummary"
      ],
      "sts.amazonaws.com": ["GetCallerIdentity", "GetSessionToken", "GetFederationToken", "GetAccessKeyInfo"],
      "organizations.amazonaws.com": [
        "DescribeOrganization", "ListAccounts", "ListRoots", "ListPolicies", "CreateAccount", "InviteAccountToOrganization",
        "LeaveOrganization", "DetachPolicy", "DeletePolicy", "UpdatePolicy", "DisablePolicyType"
      ]
    },
    sessionNames: ["SageMaker"],
    insideUserAgentPatterns: ["AWS-SageMaker", "sagemaker", "exec-env/AWS_SageMaker"],
    writeSeverity: "high"
  }
};
