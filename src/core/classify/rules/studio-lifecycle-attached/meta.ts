// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "studio-lifecycle-attached",
  title: "Studio lifecycle configuration attached to a domain, profile, space or app",
  description: "A Studio lifecycle configuration attached through CreateDomain/UpdateDomain, CreateUserProfile/UpdateUserProfile, CreateSpace/UpdateSpace (default or allowed lifecycle configurations of an app type) or CreateApp (the configuration an app starts with): its script then runs in every Studio app started there, with the execution role's credentials (persistence and code execution, as a notebook lifecycle configuration gives on notebook instances). Critical when the attached script, created in the window, holds the lifecycle rule's indicators (reverse shell, download and execute, metadata credentials...); high when the principal attaching it created it shortly before (the attacker's two steps); low when the configuration was created before the window or by someone else (an administrator wiring a reviewed script). False positives: platform teams rolling out a new configuration in one change; check the script (sm-ir posture shows its indicators) and the change ticket.",
  severity: "high",
  confidence: "medium",
  hardeningLowers: false,
  scenarios: [
    "malware-deployment",
    "configuration-changes",
    "credential-theft"
  ],
  mitre: [
    "T1037",
    "T1059.004",
    "T1546"
  ],
  references: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-lcc.html",
    "https://hackingthe.cloud/aws/exploitation/sagemaker_studio_lifecycle_config/",
    "https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-post-exploitation/aws-sagemaker-post-exploitation/index.html"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    createEvent: "CreateStudioLifecycleConfig",
    nameField: "studioLifecycleConfigName",
    contentField: "studioLifecycleConfigContent",
    attachEvents: {
      CreateDomain: { scope: "domain", targetFields: ["domainName"] },
      UpdateDomain: { scope: "domain", targetFields: ["domainId"] },
      CreateUserProfile: { scope: "user profile", targetFields: ["domainId", "userProfileName"] },
      UpdateUserProfile: { scope: "user profile", targetFields: ["domainId", "userProfileName"] },
      CreateSpace: { scope: "space", targetFields: ["domainId", "spaceName"] },
      UpdateSpace: { scope: "space", targetFields: ["domainId", "spaceName"] },
      CreateApp: { scope: "app", targetFields: ["domainId", "userProfileName", "spaceName", "appName"] }
    },
    arnKeys: ["lifecycleConfigArns", "lifecycleConfigArn"],
    indicatorsRule: "lifecycle-script-suspicious",
    windowMinutes: 240,
    suspiciousSeverity: "critical",
    routineSeverity: "low"
  }
};
