// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "presigned-url-access",
  title: "Presigned URL to a notebook, Studio domain or MLflow tracking server",
  description: "A presigned URL was created: whoever opens it gets an interactive shell on the notebook or Studio space and the credentials of its execution role, or the MLflow tracking server's UI and API (experiments, registered models, artifacts). Made outside the console (a script, the CLI, stolen credentials) it is medium, raised by the caller's signals; asked for by the console in a person's own session (sessionCredentialFromConsole: Open Jupyter, Open Studio) it is low, the everyday way in.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "credential-theft",
    "data-model-exfiltration"
  ],
  mitre: [
    "T1078.004",
    "T1552.005"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    events: [
      "CreatePresignedNotebookInstanceUrl",
      "CreatePresignedDomainUrl",
      "CreatePresignedMlflowTrackingServerUrl"
    ],
    consoleSeverity: "low"
  }
};
