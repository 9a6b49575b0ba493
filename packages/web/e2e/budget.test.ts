/**
 * The first page's scripts stay within the budget: what `?page=batch` loads (the app shell, the
 * Batch page's chunk and what it imports) is at most 150 KB gzip. A size, not a timing: the same
 * measurement bench/web-interaction.ts reports, made here so that a static import that drags a large
 * module into the shell (the serving simulator did, through its input table) fails a test.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import { openPage, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser({ width: 1440, height: 900 });
const BUDGET_KB = 150;

describe("first page budget", () => {
  it(`the Batch page's scripts are at most ${BUDGET_KB} KB gzip`, async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    await page.waitForSelector('[data-chart="batch-time"] .chart-box > svg');
    const urls = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.endsWith(".js")));
    expect(urls.length).toBeGreaterThan(1);
    let bytes = 0;
    for (const url of urls) bytes += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
    expect(bytes / 1024).toBeLessThanOrEqual(BUDGET_KB);
    expect(errors).toEqual([]);
  });
});
