// Plain JavaScript on purpose: the web server's preload (lib/ops/forwarded-headers-preload.mjs)
// runs it before Next.js starts, without a TypeScript loader; lib/config/settings.ts validates
// COUNTERSIGN_TRUSTED_PROXIES with the same parser. Types: trusted-proxies.d.mts.
import { BlockList, isIP } from "node:net";

/** The request headers a client could forge to pass for someone else, or for another host or scheme. */
export const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

const MAX_ENTRIES = 256;

/**
 * Parses COUNTERSIGN_TRUSTED_PROXIES: CIDRs or single addresses (IPv4 or IPv6), separated by
 * commas or whitespace. Empty or unset: no proxy is trusted. Throws an Error whose message says
 * which entry is wrong (settings.ts prefixes the setting's name).
 */
export function parseTrustedProxies(value) {
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  if (entries.length > MAX_ENTRIES) throw new Error(`expects at most ${MAX_ENTRIES} CIDRs`);
  const list = new BlockList();
  for (const entry of entries) {
    const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
    const address = match?.[1] ?? "";
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefix = match?.[2] === undefined ? maxPrefix : Number(match[2]);
    if (!family || prefix > maxPrefix) {
      throw new Error(`expects a list of CIDRs such as 10.0.0.0/8, 127.0.0.1/32 or fd00::/8 ("${entry.slice(0, 60)}" is not one)`);
    }
    list.addSubnet(address, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return { list, size: entries.length };
}

/** An address as Node reports it, with an IPv4-mapped IPv6 address (::ffff:10.0.0.1) as IPv4; undefined if not an IP. */
export function normaliseAddress(address) {
  const trimmed = typeof address === "string" ? address.trim() : "";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  const candidate = mapped ? mapped[1] : trimmed;
  const family = isIP(candidate);
  return family ? { address: candidate, family: family === 6 ? "ipv6" : "ipv4" } : undefined;
}

/** Whether an address belongs to a configured proxy. */
export function isTrustedProxy(trusted, address) {
  const normal = normaliseAddress(address);
  return trusted.size > 0 && normal !== undefined && trusted.list.check(normal.address, normal.family);
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the right-most
 * X-Forwarded-For hop that is not a trusted proxy (each trusted proxy appends the address it was
 * called from). A hop that is not an IP address ends the walk at the last trusted hop.
 */
export function resolveClientAddress(trusted, socketAddress, forwardedFor) {
  const socket = normaliseAddress(socketAddress)?.address ?? "unknown";
  if (!isTrustedProxy(trusted, socket)) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  let client = socket;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = normaliseAddress(hops[index]);
    if (!hop) break;
    client = hop.address;
    if (!isTrustedProxy(trusted, client)) break;
  }
  return client;
}

/**
 * Rewrites a Node request's headers in place, before Next.js reads them: from a socket that is not
 * a trusted proxy every forwarded header is dropped (Next.js then fills X-Forwarded-For/-Host/-Proto
 * from the socket and the Host header); from a trusted proxy X-Forwarded-Host/-Proto are kept and
 * X-Forwarded-For becomes the one resolved client address. X-Real-IP and Forwarded are always
 * dropped: the app reads only X-Forwarded-For.
 */
export function normaliseForwardedHeaders(trusted, request, socketAddress) {
  const headers = request.headers;
  const fromProxy = isTrustedProxy(trusted, socketAddress);
  const client = resolveClientAddress(trusted, socketAddress, headers["x-forwarded-for"]);
  const dropped = fromProxy ? ["x-forwarded-for", "x-real-ip", "forwarded"] : FORWARDED_HEADERS;
  for (const name of dropped) delete headers[name];
  headers["x-forwarded-for"] = client;
  if (Array.isArray(request.rawHeaders)) {
    const raw = [];
    for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
      const name = request.rawHeaders[index];
      if (!dropped.includes(String(name).toLowerCase())) raw.push(name, request.rawHeaders[index + 1]);
    }
    raw.push("X-Forwarded-For", client);
    request.rawHeaders = raw;
  }
}
