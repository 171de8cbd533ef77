/**
 * The CloudTrail table for Athena, as AWS documents it ("Create the table for CloudTrail logs in
 * Athena using partition projection"), widened from one account and region to a trail's whole
 * prefix: partitions projected on account (organization trails), region and the date path, so
 * nothing is ever loaded or crawled and every query prunes by day.
 */
import { UsageError } from '../../errors.js';
import { DEFAULT_DATE_FORMAT } from './sql.js';

export interface TrailLocation {
  bucket: string;
  /** "AWSLogs/111122223333/" or "AWSLogs/o-exampleorgid/" */
  prefix: string;
  /** Set for an organization trail's prefix. */
  organizationId?: string;
  /** Set for one account's prefix. */
  accountId?: string;
}

// S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens. Trail prefixes may have a
// custom prefix before AWSLogs/ (letters, digits and ! - _ . * ' ( ) /, per S3's safe characters).
const TRAIL_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:[A-Za-z0-9!_.*()-]+\/)*?)AWSLogs\/(\d{12}|o-[a-z0-9]{10,32})\/?$/;

/** --trail-bucket s3://bucket/[prefix/]AWSLogs/ACCOUNT|o-ORGID/, or a UsageError. */
export function parseTrailLocation(uri: string): TrailLocation {
  const m = TRAIL_URI.exec(uri.trim());
  if (!m) {
    throw new UsageError(
      `--trail-bucket: '${uri}' is not a CloudTrail log prefix`,
      'give s3://BUCKET/AWSLogs/ACCOUNT_ID/ for one account, or s3://BUCKET/AWSLogs/o-ORG_ID/ for an organization trail',
    );
  }
  const [, bucket, custom, owner] = m as unknown as [string, string, string, string];
  const prefix = `${custom}AWSLogs/${owner}/`;
  return { bucket, prefix, ...(owner.startsWith('o-') ? { organizationId: owner } : { accountId: owner }) };
}

const ACCOUNT = /^\d{12}$/;

export interface TableSpec {
  database: string;
  table: string;
  location: TrailLocation;
  regions: readonly string[];
  /** Organization trails: the member accounts whose folders the table covers. */
  accounts?: readonly string[];
  /** First day projected, yyyy/MM/dd. */
  since: string;
}

// The column list of AWS's documented CloudTrail table (JSON SerDe; nested request and response
// bodies as JSON text, the caller as a struct).
const COLUMNS = `  eventversion STRING,
  useridentity STRUCT<
    type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,
    accesskeyid: STRING, username: STRING,
    onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
    sessioncontext: STRUCT<
      attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
      ec2roledelivery: STRING,
      webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>,
      sourceidentity: STRING>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  readonly STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  vpcendpointaccountid STRING,
  eventcategory STRING,
  addendum STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>,
  sessioncredentialfromconsole STRING,
  edgedevicedetails STRING,
  tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>`;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The CREATE EXTERNAL TABLE statement; every value in it has been validated. */
export function buildCreateTable(spec: TableSpec): string {
  const { bucket, prefix, organizationId } = spec.location;
  if (spec.regions.length === 0 || spec.regions.some((r) => !REGION.test(r))) throw new UsageError('--regions: the table needs the trail\'s regions');
  const accounts = spec.accounts ?? [];
  if (organizationId && (accounts.length === 0 || accounts.some((a) => !ACCOUNT.test(a)))) {
    throw new UsageError('--accounts: an organization trail\'s table needs the member account ids (12 digits, comma-separated)');
  }
  if (!/^\d{4}\/\d{2}\/\d{2}$/.test(spec.since)) throw new Error(`bad projection start ${spec.since}`);
  const base = `s3://${bucket}/${prefix}`;
  const template = organizationId ? `${base}\${account}/CloudTrail/\${region}/\${timestamp}` : `${base}CloudTrail/\${region}/\${timestamp}`;
  const partitions = [...(organizationId ? ['`account` STRING'] : []), '`region` STRING', '`timestamp` STRING'];
  const props: [string, string][] = [
    ['projection.enabled', 'true'],
    ...(organizationId ? ([['projection.account.type', 'enum'], ['projection.account.values', [...accounts].sort().join(',')]] as [string, string][]) : []),
    ['projection.region.type', 'enum'],
    ['projection.region.values', [...spec.regions].sort().join(',')],
    ['projection.timestamp.type', 'date'],
    ['projection.timestamp.format', DEFAULT_DATE_FORMAT],
    ['projection.timestamp.range', `${spec.since},NOW`],
    ['projection.timestamp.interval', '1'],
    ['projection.timestamp.interval.unit', 'DAYS'],
    ['storage.location.template', template],
  ];
  return [
    `CREATE EXTERNAL TABLE \`${spec.database}\`.\`${spec.table}\` (`,
    COLUMNS,
    ')',
    `PARTITIONED BY (${partitions.join(', ')})`,
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION '${base}'`,
    'TBLPROPERTIES (',
    props.map(([k, v]) => `  '${k}'='${v}'`).join(',\n'),
    ')',
  ].join('\n');
}
