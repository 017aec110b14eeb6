import dns from 'node:dns/promises';

const LINK_LOCAL = [/^169\.254\./, /^fe[89ab][0-9a-f]:/i, /^::ffff:169\.254\./i];

/**
 * Why the app must not call this URL, or null. Hosts that resolve to link-local addresses (cloud
 * metadata services live there) are refused so a URL a user typed cannot turn the app into a probe
 * of its own infrastructure; loopback and private networks stay allowed on purpose (self-hosted
 * servers on the LAN are normal). Unresolvable hosts are reported as such.
 */
export async function outboundRefusal(url: string): Promise<string | null> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'not a URL';
  }
  let addresses: string[];
  try {
    addresses = (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `${host} does not resolve`;
  }
  return addresses.some((a) => LINK_LOCAL.some((re) => re.test(a))) ? `${host} is a link-local address` : null;
}
