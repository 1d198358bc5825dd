import { describe, expect, it } from "vitest";
import { embeddedIpv4, isPrivateAddress } from "../../lib/webhooks/address-guard";
import { slackEscape } from "../../lib/webhooks/webhook-message";

/** The SSRF guard's address rule (lib/webhooks/address-guard.ts), address by address. */
describe("isPrivateAddress", () => {
  it("refuses loopback, private, link-local, unique-local, CGNAT, multicast and unspecified addresses", () => {
    for (const address of ["127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fd00::1", "fc12:3456::1", "fe80::1", "fe80::1%eth0", "ff02::1"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  it("judges an IPv4-mapped or NAT64 IPv6 address by the IPv4 address inside, in either notation", () => {
    expect(embeddedIpv4("::ffff:7f00:1")).toBe("127.0.0.1");
    for (const address of ["::ffff:127.0.0.1", "::FFFF:10.1.2.3", "::ffff:a9fe:a9fe", "[::ffff:c0a8:0101]", "64:ff9b::10.0.0.1"]) expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ["::ffff:8.8.8.8", "::ffff:0808:0808"]) expect(isPrivateAddress(address), address).toBe(false);
  });

  it("allows public addresses, and refuses what is not an address at all", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "2a00:1450:4001:81b::200e"]) expect(isPrivateAddress(address), address).toBe(false);
    expect(isPrivateAddress("not-an-address")).toBe(true);
  });
});

describe("slackEscape", () => {
  it("escapes Slack's control characters so text cannot forge a link or a mention", () => {
    expect(slackEscape("<!channel> & <https://evil|click>")).toBe("&lt;!channel&gt; &amp; &lt;https://evil|click&gt;");
  });
});
