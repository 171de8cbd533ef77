// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "execution-role-session-outside",
  title: "SageMaker execution role used outside SageMaker, or writing IAM",
  description: "A session of a SageMaker execution role called IAM, STS or Organizations from an address that is not an AWS service and with a user agent that is not the SageMaker SDK's, or wrote IAM from inside SageMaker. Execution roles are learned from the window: sessions SageMaker opens (assumed-role/<role>/SageMaker: notebook instances, jobs and Studio apps), roles passed to SageMaker (execution-role-passed's fields), and roles created or given a trust policy that names sagemaker.amazonaws.com. Outside SageMaker: credentials taken from a notebook or job (instance metadata, a lifecycle script) and used elsewhere, the end of every SageMaker privilege-escalation path (pathfinding.cloud's sagemaker-* paths, Hacking the Cloud's SageMaker notebook credential theft). From outside, a write (creating users, roles or keys, attaching policies) is high and a read (GetCallerIdentity, listing roles and policies) medium; an IAM write from inside SageMaker (a notebook's code escalating with its role) is medium. False positives: code in a notebook that manages IAM itself with the plain AWS CLI (check the source address against the notebook's network interface or NAT gateway before containing). Not read, for volume: sts:AssumeRole (every service's sessions write one).",
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
    writeSeverity: "high",
    // Execution roles learned from the window, beside the sessions SageMaker names.
    passedRolesRule: "execution-role-passed",
    trustPolicyFields: { CreateRole: "assumeRolePolicyDocument", UpdateAssumeRolePolicy: "policyDocument" },
    trustedService: "sagemaker.amazonaws.com",
    maxKeptPerRole: 50
  }
};
