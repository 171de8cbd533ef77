// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "notebook-lifecycle-rewrite",
  title: "Notebook lifecycle script rewritten in place, then the notebook started",
  description: "One principal rewrites a notebook instance lifecycle configuration (UpdateNotebookInstanceLifecycleConfig) and then starts a notebook that runs it within a short window, with no UpdateNotebookInstance: the new script runs as root on the next start, and the notebook's own settings never change (the persistence that notebook-lifecycle-persistence cannot see). High when the window shows the notebook was given that configuration; medium when the notebook's configuration is not in the window. False positives: a platform team rolling out a new script and restarting its notebooks (compare the script with the previous version: sm-ir contain captures it as evidence).",
  severity: "high",
  confidence: "strong",
  hardeningLowers: false,
  scenarios: [
    "malware-deployment",
    "configuration-changes"
  ],
  mitre: [
    "T1037",
    "T1059.004"
  ],
  references: [
    "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateNotebookInstanceLifecycleConfig.html",
    "https://hackingthe.cloud/aws/exploitation/"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    rewriteEvent: "UpdateNotebookInstanceLifecycleConfig",
    startEvent: "StartNotebookInstance",
    assignEvents: ["CreateNotebookInstance", "UpdateNotebookInstance"],
    windowMinutes: 60,
    unknownConfigSeverity: "medium"
  }
};
