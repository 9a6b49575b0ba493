import { afterAll, beforeAll } from "vitest";
/** Real headless Chromium (Debian's) driven by playwright-core, as ../shared/TOOLCHAIN.md prescribes. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const SCREENSHOTS = join(process.cwd(), "artifacts", "screenshots");

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`npm test\` (it installs it) or set CHROMIUM_PATH.`);
  const dir = mkdtempSync(join(tmpdir(), "roofline-e2e-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, acceptDownloads: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors and uncaught exceptions. */
export async function openPage(b: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await b.context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector("main[data-page]");
  return { page, errors };
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/** The data-value of a number on the page (full precision, as core computed it). */
export async function numValue(page: Page, id: string): Promise<number> {
  const v = await page.getAttribute(`[data-num="${id}"]`, "data-value");
  if (v === null || v === "") throw new Error(`no value for ${id}`);
  return Number(v);
}

/** The SVG markup of a chart. */
export async function chartSvg(page: Page, id: string): Promise<string> {
  return page.$eval(`[data-chart="${id}"] .chart-box > svg`, (el) => el.outerHTML);
}

/**
 * A browser for the tests of one file (or one describe block): launched before them, closed after.
 * Returns a getter, since the browser exists only once the tests run.
 */
export function useBrowser(viewport?: { width: number; height: number }): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch(viewport);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("useBrowser: the browser is not launched yet (call the getter inside a test)");
    return browser;
  };
}
