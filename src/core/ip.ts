/**
 * Whether CloudTrail's sourceIPAddress is an address: it also holds a service's name for calls a service made
 * on the caller's behalf (sagemaker.amazonaws.com, AWS Internal). A pattern, not a parser: it runs per record.
 */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]+$/i;

export function ipVersion(text: string | null | undefined): 4 | 6 | undefined {
  if (!text) return undefined;
  if (IPV4.test(text)) return 4;
  return text.includes(':') && IPV6.test(text) ? 6 : undefined;
}
