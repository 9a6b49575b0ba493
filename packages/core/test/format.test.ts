import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSignificant, plainDecimal } from "../src/index.ts";

describe("formatSignificant without Intl", () => {
  it("prints exactly what Intl.NumberFormat en-US printed, for values of every magnitude", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e21, max: 1e21, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 8 }), (v, digits) => {
        const abs = Math.abs(v);
        if (v === 0 || abs >= 1e21 || abs < 1e-6) return true;
        const decimals = Math.min(20, Math.max(0, digits - 1 - Math.floor(Math.log10(abs))));
        const rounded = Number(v.toFixed(decimals));
        const intl = new Intl.NumberFormat("en-US", { maximumFractionDigits: decimals, useGrouping: abs >= 1e4 }).format(rounded);
        return plainDecimal(rounded, decimals, abs >= 1e4) === intl;
      }),
      { numRuns: 20_000 },
    );
  });

  it("keeps the documented examples", () => {
    expect(formatSignificant(2363.4, 4)).toBe("2363");
    expect(formatSignificant(23634.4, 3)).toBe("23,634");
    expect(formatSignificant(0.0104477, 3)).toBe("0.0104");
    expect(formatSignificant(-1234567.89, 6)).toBe("-1,234,568");
    expect(formatSignificant(776335003054709100, 3)).toBe("776,335,003,054,709,100");
  });
});
