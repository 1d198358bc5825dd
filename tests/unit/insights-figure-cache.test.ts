import { describe, expect, it } from "vitest";
import { cachedFigure, FIGURE_TTL_MS } from "../../lib/insights/figure-cache";

describe("cachedFigure", () => {
  it("computes a figure once per minute and again after that", async () => {
    let runs = 0;
    const compute = async () => ++runs;
    const start = 1_000_000;
    expect(await cachedFigure("a", compute, start)).toBe(1);
    expect(await cachedFigure("a", compute, start + FIGURE_TTL_MS - 1)).toBe(1);
    expect(await cachedFigure("a", compute, start + FIGURE_TTL_MS)).toBe(2);
    expect(runs).toBe(2);
  });

  it("does not keep a failure: the next request computes again", async () => {
    let runs = 0;
    const failing = async () => {
      runs += 1;
      throw new Error("database down");
    };
    await expect(cachedFigure("b", failing, 5)).rejects.toThrow("database down");
    await Promise.resolve();
    await expect(cachedFigure("b", failing, 6)).rejects.toThrow("database down");
    expect(runs).toBe(2);
  });
});
