// What sm-ir loads of this service's SDK (why: src/aws/clients.ts); a command called by name must be listed here.
export {
  EC2Client,
  DescribeRegionsCommand,
} from '@aws-sdk/client-ec2';
