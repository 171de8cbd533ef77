// This rule's playbook data: validated by RulesFile when the playbook loads.
export default {
  id: "inference-data-redirect",
  title: "Endpoint's captured or asynchronous inference data sent elsewhere, or capture turned off",
  description: "An endpoint moved (UpdateEndpoint) to an endpoint configuration whose data capture (DataCaptureConfig.DestinationS3Uri) or asynchronous inference output (AsyncInferenceConfig.OutputConfig S3OutputPath, S3FailurePath) writes to another S3 bucket than the configuration it replaces: every request and prediction then lands where the attacker reads it (exfiltration of inference data). Capture switched off is medium: the record Model Monitor and responders rely on stops. Only judged when the endpoint's previous configuration was created or deployed inside the window; a new prefix in the same bucket is not flagged. False positives: a planned move of the capture bucket (check the bucket's owner and the change ticket).",
  severity: "high",
  confidence: "medium",
  hardeningLowers: false,
  scenarios: [
    "data-model-exfiltration",
    "configuration-changes"
  ],
  mitre: [
    "T1537",
    "T1562.008"
  ],
  references: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html",
    "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    configEvent: "CreateEndpointConfig",
    deployEvents: ["CreateEndpoint", "UpdateEndpoint"],
    swapEvent: "UpdateEndpoint",
    /** Dotted request paths of the S3 locations a configuration writes inference data to. */
    destinations: {
      "data capture": "dataCaptureConfig.destinationS3Uri",
      "async output": "asyncInferenceConfig.outputConfig.s3OutputPath",
      "async failures": "asyncInferenceConfig.outputConfig.s3FailurePath"
    },
    captureSwitch: "dataCaptureConfig.enableCapture",
    disabledSeverity: "medium"
  }
};
