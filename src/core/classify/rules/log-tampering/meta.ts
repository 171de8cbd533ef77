// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "log-tampering",
  title: "CloudTrail or SageMaker log tampering",
  description: "CloudTrail logging stopped, a trail deleted or reconfigured, or SageMaker's CloudWatch Logs groups or streams deleted or given a short retention: covering tracks. Failed attempts are reported too.",
  severity: "high",
  confidence: "strong",
  scenarios: [
    "log-tampering"
  ],
  mitre: [
    "T1562.008",
    "T1070"
  ],
  params: {
    watch: [
      {
        source: "cloudtrail.amazonaws.com",
        events: [
          "StopLogging",
          "DeleteTrail",
          "UpdateTrail",
          "PutEventSelectors"
        ]
      },
      {
        source: "logs.amazonaws.com",
        events: [
          "DeleteLogGroup",
          "DeleteLogStream",
          "PutRetentionPolicy"
        ],
        logGroupPrefixes: [
          "/aws/sagemaker/"
        ]
      }
    ]
  }
};
