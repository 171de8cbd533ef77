// What sm-ir loads of this service's SDK (why: src/aws/clients.ts); a command called by name must be listed here.
export {
  CloudTrailClient,
  CancelQueryCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  LookupEventsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
