/**
 * The CloudTrail record as AWS delivers it (eventVersion 1.0 to 1.11). Fields come and go between
 * versions, so everything beyond the few that every management event carries is optional, and
 * requestParameters/responseElements may be null. Every source (files, LookupEvents, S3, Athena,
 * Lake) yields this shape to the classifier.
 */
export interface SessionIssuer {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
}

export interface UserIdentity {
  type?: string; // IAMUser | AssumedRole | Root | FederatedUser | AWSService | AWSAccount | IdentityCenterUser | ...
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: SessionIssuer;
    webIdFederationData?: Record<string, unknown>;
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
    sourceIdentity?: string;
    ec2RoleDelivery?: string;
  };
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
}

export interface CloudTrailResource {
  ARN?: string;
  accountId?: string;
  type?: string;
}

export interface CloudTrailRecord {
  eventVersion?: string;
  userIdentity?: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID?: string;
  readOnly?: boolean;
  resources?: CloudTrailResource[];
  eventType?: string; // AwsApiCall | AwsServiceEvent | AwsConsoleSignIn | ...
  managementEvent?: boolean;
  recipientAccountId?: string;
  sharedEventID?: string;
  vpcEndpointId?: string;
  eventCategory?: string; // Management | Data | Insight
  tlsDetails?: { tlsVersion?: string; cipherSuite?: string; clientProvidedHostHeader?: string };
  sessionCredentialFromConsole?: string;
}

/** Why a record was not classified. Counted per reason in every report. */
export type SkipReason =
  | 'insights-event' // CloudTrail Insights: no top-level eventName/eventSource
  | 'not-a-cloudtrail-record' // JSON, but missing eventTime/eventSource/eventName or of the wrong type
  | 'outside-window' // eventTime before --since or after --until
  | 'outside-regions' // --regions with --logs: awsRegion not one of them (global services: not their home region)
  | 'unwatched-source' // an event source the playbook does not watch (including look-alikes)
  | 'not-read-by-rules'; // a watched source, but an event name no rule reads, and not a failed call one counts

/**
 * Narrow a parsed JSON value to a CloudTrailRecord, or say why it is not one. Pure and cheap: it
 * checks only what the classifier relies on.
 */
export function asCloudTrailRecord(value: unknown): CloudTrailRecord | SkipReason {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-a-cloudtrail-record';
  const v = value as Record<string, unknown>;
  if (v.eventCategory === 'Insight' || (typeof v.insightDetails === 'object' && v.insightDetails !== null)) {
    return 'insights-event';
  }
  if (typeof v.eventTime !== 'string' || typeof v.eventSource !== 'string' || typeof v.eventName !== 'string') {
    return 'not-a-cloudtrail-record';
  }
  if (Number.isNaN(Date.parse(v.eventTime))) return 'not-a-cloudtrail-record';
  if (v.userIdentity !== undefined && (typeof v.userIdentity !== 'object' || v.userIdentity === null)) {
    return 'not-a-cloudtrail-record';
  }
  return v as unknown as CloudTrailRecord;
}
