// What sm-ir loads of this service's SDK (why: src/aws/clients.ts); a command called by name must be listed here.
export {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
