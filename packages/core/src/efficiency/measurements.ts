/**
 * The public measurement set as committed data (generated from data/measurements/ by
 * scripts/import-measurements.ts), and the resolution of a row's model: a catalog id, or a verbatim
 * config.json committed beside the rows, read through the same parser as a user's file.
 */
import { MEASUREMENT_CONFIGS, MEASUREMENT_FILES } from "../catalog/data/measurements.ts";
import { findModel } from "../catalog/models.ts";
import { modelFromJson } from "../catalog/custom.ts";
import type { ModelSpec } from "../model/model.ts";
import type { MeasurementFile } from "../training/validate.ts";

export function measurementFiles(): readonly MeasurementFile[] {
  return MEASUREMENT_FILES;
}

const cache = new Map<string, ModelSpec | null>();

/** A row's model: catalog id, or "configs/<name>.json" from the committed configs. */
export function measurementModel(id: string): ModelSpec | null {
  if (cache.has(id)) return cache.get(id) ?? null;
  let m: ModelSpec | null = findModel(id) ?? null;
  if (!m && MEASUREMENT_CONFIGS[id] !== undefined) {
    try {
      m = modelFromJson(MEASUREMENT_CONFIGS[id], `data/measurements/${id}`);
    } catch {
      m = null;
    }
  }
  cache.set(id, m);
  return m;
}
