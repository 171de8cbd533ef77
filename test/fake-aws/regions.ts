/** The regions the fake knows, with the opt-in status DescribeRegions reports. */
export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export interface FakeRegion {
  name: string;
  optIn: OptInStatus;
}

const DEFAULT_ON = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'sa-east-1',
];
const OPT_IN = ['af-south-1', 'ap-east-1', 'eu-south-1', 'me-south-1', 'ap-southeast-3'];

export function defaultRegions(optedIn: string[] = []): FakeRegion[] {
  return [
    ...DEFAULT_ON.map((name) => ({ name, optIn: 'opt-in-not-required' as const })),
    ...OPT_IN.map((name) => ({ name, optIn: optedIn.includes(name) ? ('opted-in' as const) : ('not-opted-in' as const) })),
  ];
}

export const isEnabled = (r: FakeRegion): boolean => r.optIn !== 'not-opted-in';
