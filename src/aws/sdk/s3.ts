// What sm-ir loads of this service's SDK (why: src/aws/clients.ts); a command called by name must be listed here.
export {
  S3Client,
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
