// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "failed-call-burst",
  title: "Burst of denied calls by one principal",
  description: "One principal got many AccessDenied-style errors within a few minutes, on any service (look-alike sources excepted): permission probing (reconnaissance) with stolen credentials.",
  severity: "medium",
  confidence: "medium",
  scenarios: [
    "credential-theft"
  ],
  mitre: [
    "T1580",
    "T1087.004"
  ],
  params: {
    errorCodes: [
      "AccessDenied",
      "AccessDeniedException",
      "UnauthorizedOperation",
      "UnauthorizedAccess",
      "Client.UnauthorizedOperation",
      "NotAuthorized",
      "AuthorizationError"
    ],
    threshold: 5,
    windowMinutes: 10,
    maxRelatedEvents: 50
  }
};
