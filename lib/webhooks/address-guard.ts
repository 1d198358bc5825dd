import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * The SSRF guard for webhook targets (docs/decisions/026): an address a
 * webhook may be sent to is a public one. Refused: loopback, private
 * (RFC 1918, unique-local fc00::/7), link-local (169.254/16, fe80::/10, where
 * cloud metadata services live), carrier-grade NAT, "this network",
 * multicast, reserved and documentation ranges; an IPv4-mapped IPv6 address
 * (::ffff:10.0.0.1) or NAT64 one is judged by the IPv4 address inside it.
 * COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE=true lifts the guard (tests, or a
 * receiver inside your network on purpose). Checked when a webhook is added
 * (its host resolved) and again at each send, on the very address connected
 * to (lib/webhooks/post-webhook.ts), so a DNS answer that changes in between
 * cannot lead inside.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d or ::ffff:hhhh:hhhh) or NAT64 (64:ff9b::/96) IPv6 address, else null. */
export function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, "");
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = Number.parseInt(hex[1]!, 16);
    const low = Number.parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Whether an IP address is private, loopback, link-local or otherwise not a public destination. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const inner = embeddedIpv4(bare);
  if (inner) return blocked.check(inner, "ipv4");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) return blocked.check(bare, "ipv6");
  return true;
}

export const allowPrivateTargets = (env: Record<string, string | undefined> = process.env): boolean => env.COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE?.trim() === "true";

export class TargetRefused extends Error {}

/** A name that does not resolve within this long does not resolve. */
const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * The addresses a host resolves to, each checked (all must be public unless
 * the setting allows private ones). An IP literal is checked as it is.
 */
export async function resolvePublicAddresses(hostname: string, allowPrivate = allowPrivateTargets()): Promise<{ address: string; family: number }[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), LOOKUP_TIMEOUT_MS)));
      addresses = await Promise.race([lookup(host, { all: true, verbatim: true }), late]);
    } catch {
      throw new TargetRefused(`${host} does not resolve.`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve.`);
  if (!allowPrivate) {
    const inside = addresses.find((entry) => isPrivateAddress(entry.address));
    if (inside) throw new TargetRefused(`${host} resolves to ${inside.address}, a private, loopback or link-local address; webhooks go to public addresses only (COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE).`);
  }
  return addresses;
}
