import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's schema engine binary cannot be downloaded on our machines; the
// client uses the JS/WASM engine through the pg driver adapter, and
// migrations are applied by lib/db/migrate.ts (docs/decisions/001).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost/none" });
  },
});
