/**
 * Reading the public measurement set (data/measurements/<source>.json, schema in its README) for
 * validation: the files, and model ids resolved to ModelSpecs (a catalog id, or configs/<name>.json
 * beside the rows, read through the same parser as a user's config.json).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findModel, modelFromJson, RooflineError, type MeasurementFile, type ModelSpec } from "@roofline/core";

/** data/measurements in the repository: searched upwards from the working directory, then from this file. */
export function findMeasurementsDir(given?: string): string {
  if (given) {
    if (!existsSync(given) || !statSync(given).isDirectory()) throw new RooflineError({ code: "file-not-found", field: "--measurements", value: given, expected: "a folder of measurement JSON files (data/measurements)" });
    return resolve(given);
  }
  const starts = [process.cwd(), dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const cand = join(dir, "data", "measurements");
      if (existsSync(cand)) return cand;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new RooflineError({ code: "file-not-found", field: "--measurements", expected: "the repository's data/measurements folder", hint: "Run from the repository, or give --measurements <dir>." });
}

export function readMeasurementFiles(dir: string): MeasurementFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  const out: MeasurementFile[] = [];
  for (const f of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, f), "utf8"));
    } catch (e) {
      throw new RooflineError({ code: "invalid-json", field: join(dir, f), expected: "a measurement file (JSON)", hint: (e as Error).message });
    }
    const o = json as Partial<MeasurementFile>;
    if (o && typeof o === "object" && o.source && Array.isArray(o.rows)) out.push(o as MeasurementFile);
  }
  return out;
}

/** Resolves a row's model: a catalog id, or configs/<name>.json under the measurements folder. */
export function modelResolver(dir: string): (id: string) => ModelSpec | null {
  const cache = new Map<string, ModelSpec | null>();
  return (id: string) => {
    if (cache.has(id)) return cache.get(id) ?? null;
    let m: ModelSpec | null = findModel(id) ?? null;
    if (!m && id.endsWith(".json")) {
      const path = join(dir, id);
      if (existsSync(path)) {
        try {
          m = modelFromJson(JSON.parse(readFileSync(path, "utf8")), path);
        } catch {
          m = null;
        }
      }
    }
    cache.set(id, m);
    return m;
  };
}
