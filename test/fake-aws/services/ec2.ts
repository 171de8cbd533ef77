/** EC2 DescribeRegions (ec2Query): the account's regions and their opt-in status. */
import { isEnabled, type FakeRegion } from '../regions.js';
import type { FakeRequest, ServiceModule } from '../types.js';

export function createEc2(regions: FakeRegion[]): ServiceModule {
  return {
    service: 'ec2',
    protocol: 'ec2Query',
    xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    handlers: {
      DescribeRegions: (req: FakeRequest) => {
        const { input } = req;
        const all = input.AllRegions === 'true';
        const filters = (input.Filter ?? []) as { Name?: string; Value?: string[] }[];
        const names = input.RegionName as string[] | undefined;
        const shown = regions
          .filter((r) => all || isEnabled(r))
          .filter((r) => !names || names.includes(r.name))
          .filter((r) =>
            filters.every((f) =>
              f.Name === 'opt-in-status' ? (f.Value ?? []).includes(r.optIn) : f.Name === 'region-name' ? (f.Value ?? []).includes(r.name) : true,
            ),
          );
        // Wire names: EC2 lists are <item>s under lowerCamelCase elements.
        return {
          regionInfo: shown.map((r) => ({
            regionName: r.name,
            regionEndpoint: `ec2.${r.name}.amazonaws.com`,
            optInStatus: r.optIn,
          })),
        };
      },
    },
  };
}
