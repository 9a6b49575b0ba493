/**
 * Comparisons on the Lecture page. Its scale-up table already sets every catalog domain side by side,
 * and its pipeline argument is one model's layer pattern; the memory wall is where a second or third
 * scenario says something: another model or another rack at the same context (`cmp=model:deepseek-v3`,
 * `cmp=hw:nvidia-gb300-nvl72`), each through core's analyzeMemoryWall (as `roofline lecture memory-wall
 * --json`), shown beside the page's own in one table.
 */
import { CompareTable } from "../components/CompareTable.tsx";
import { analyzeMemoryWall, getHardware, getModel, type MemoryWallResult } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { attempt } from "../options.ts";
import { comparisons, type CompareDim } from "../compare.ts";
import { CompareBar } from "../components/CompareBar.tsx";
import { Num } from "../components/Num.tsx";
import type { AppState } from "../state.ts";

export const LECTURE_DIMS: readonly CompareDim[] = ["model", "hardware"];

export function WallCompare({ state, set, here, model, hardware, contextTokens }: { state: AppState; set: (p: Partial<AppState>) => void; here: MemoryWallResult | null; model: string; hardware: string; contextTokens: number }) {
  const list = useMemo(
    () =>
      comparisons(state, LECTURE_DIMS).map((c) => {
        const r = Object.keys(c.patch).length === 0 ? { ok: false as const, message: "the memory wall compares another model or rack; this comparison changes neither." } : attempt(() => analyzeMemoryWall({ model: getModel(c.patch.model ?? model), hardware: getHardware(c.patch.hardware ?? hardware), contextTokens }));
        return { c, r };
      }),
    [state.compare, model, hardware, contextTokens],
  );
  const row = (label: string, r: MemoryWallResult, i: number | null) => {
    const id = (k: string) => `lecture.wall.compare.${i ?? "page"}.${k}`;
    const d = r.derivations;
    const top = r.stages[r.stages.length - 1];
    return (
      <tr key={label} data-compare-row={i ?? "page"}>
        <th scope="row">{label}</th>
        <td class="num-col">
          <Num id={id("rack")} value={r.rackHbmBytes} unit="B" d={d["rackHbmBytes"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("weights")} value={r.weightBytes} unit="B" d={d["weightBytes"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("fit")} value={r.sequencesThatFit} unit="sequence" d={d["sequencesThatFit"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("optimal")} value={r.optimalBatch} unit="sequence" d={d["optimalBatch"] ?? null} />
        </td>
        <td class="num-col">{top ? <Num id={id("deepest")} value={top.memoryBytesPerChip} unit="B" d={top.derivation} /> : "—"}</td>
      </tr>
    );
  };
  const ok = list.flatMap(({ c, r }) => (r.ok ? [{ c, value: r.value }] : []));
  const failed = list.flatMap(({ c, r }) => (r.ok ? [] : [{ c, message: r.message }]));
  const deepest = here?.stages[here.stages.length - 1]?.pipelineStages;
  return (
    <div data-wall-compare>
      <CompareBar state={state} set={set} dims={LECTURE_DIMS} />
      <p class="small muted" data-compare-note="lecture">
        Comparisons apply to the memory wall (another model or rack at this context). The scale-up table above already compares every domain; the pipeline argument is one model's layer pattern.
      </p>
      {failed.length ? (
        <ul class="warnings" role="status" aria-label="Comparisons not drawn" data-compare-failed={failed.length}>
          {failed.map(({ c, message }) => (
            <li key={c.label}>
              Not drawn: vs {c.label}. {message}
            </li>
          ))}
        </ul>
      ) : null}
      {here && ok.length ? (
        <div class="table-scroll">
          <CompareTable caption="The memory wall of each scenario (FP8 KV, this context)" columns={["HBM in the rack", "weights", "sequences that fit", "optimal batch", <>HBM needed/chip at P = {deepest ?? "max"}</>]}>
            {row("this scenario", here, null)}
            {ok.map(({ c, value }, i) => row(`vs ${c.label}`, value, i))}
          </CompareTable>
        </div>
      ) : null}
    </div>
  );
}
