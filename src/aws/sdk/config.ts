// What sm-ir loads of this service's SDK (why: src/aws/clients.ts); a command called by name must be listed here.
export {
  ConfigServiceClient,
} from '@aws-sdk/client-config-service';
