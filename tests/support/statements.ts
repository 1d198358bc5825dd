import { vi } from "vitest";
import { currentPool } from "../../lib/db/client";

/** Statements sent through the app's database pool (Prisma's and plain SQL alike) while `body` runs. */
export async function statementsDuring(body: () => Promise<unknown>): Promise<string[]> {
  const pool = currentPool();
  const sent: string[] = [];
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const spy = vi.spyOn(pool, "query").mockImplementation(((...args: unknown[]) => {
    sent.push(typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]));
    return original(...args);
  }) as never);
  try {
    await body();
  } finally {
    spy.mockRestore();
  }
  return sent;
}
