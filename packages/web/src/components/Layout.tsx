/** Shared page pieces: the analysis layout (controls beside content), warnings, errors. */
import { createContext, type ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import type { ErrorDetails, Warning } from "@roofline/core";
import type { InputTable } from "@roofline/core";
import { Controls, InputControl, engineDefaults, setInput, type Effective } from "./Controls.tsx";
import { type AppState } from "../state.ts";
import { ScenarioContext, scenarioText } from "./scenario.ts";
import { CompareBar } from "./CompareBar.tsx";
import type { CompareDim } from "../compare.ts";

/** On a phone the inputs start folded, so the page opens on its charts. */
const NARROW = typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia("(max-width: 820px)").matches;

export interface PageProps {
  state: AppState;
  set: (patch: Partial<AppState>) => void;
}

export function AnalysisLayout({
  state,
  set,
  table,
  effective,
  hints,
  intro,
  configOpen,
  compare,
  children,
}: PageProps & { table: InputTable; effective?: Effective; hints?: Readonly<Record<string, string>>; intro?: ComponentChildren; configOpen?: boolean; compare?: boolean | readonly CompareDim[]; children: ComponentChildren }) {
  return (
    <div class="analysis">
      <aside class="sidebar">
        <details class="controls-wrap" open={!NARROW}>
          <summary>Inputs</summary>
          <Controls state={state} set={set} table={table} effective={effective ?? {}} hints={hints ?? {}} configOpen={configOpen ?? false} />
          <p class="small">
            <a
              href="?"
              onClick={(e) => {
                e.preventDefault();
                set({ model: "", config: "", hardware: "", inputs: {}, local: {}, explain: "" });
              }}
            >
              Reset to the lecture's defaults
            </a>
          </p>
        </details>
      </aside>
      <div class="content">
        {intro ? <div class="intro">{intro}</div> : null}
        {compare ? <CompareBar state={state} set={set} {...(compare === true ? {} : { dims: compare })} /> : null}
        <ScenarioContext.Provider value={scenarioText(state, table, { ...engineDefaults(state), ...(effective ?? {}) })}>
          <PageInputs.Provider value={{ table, state, set }}>{children}</PageInputs.Provider>
        </ScenarioContext.Provider>
      </div>
    </div>
  );
}

export function Warnings({ warnings }: { warnings: readonly Warning[] }) {
  if (warnings.length === 0) return null;
  const seen = new Set<string>();
  const unique = warnings.filter((w) => (seen.has(w.message) ? false : (seen.add(w.message), true)));
  return (
    <ul class="warnings" role="status" aria-label="Warnings">
      {unique.map((w) => (
        <li key={w.code + w.message} data-warning={w.code}>
          {w.message}
        </li>
      ))}
    </ul>
  );
}

/** A user error from the engine (a RooflineError's message): what is wrong and what to do. */
/** The page's inputs, for an error to offer its fix in place. */
const PageInputs = createContext<{ table: InputTable; state: AppState; set: (p: Partial<AppState>) => void } | null>(null);

/**
 * A user error, with its fixes in place: a field for a missing value (the chip's HBM bandwidth), a
 * button per value that works (a compute precision the chip has). Only inputs of this page are offered.
 */
export function ErrorBox({ message, details }: { message: string; details?: ErrorDetails | undefined }) {
  const page = useContext(PageInputs);
  const fixes = (details?.fixes ?? []).filter((f) => page?.table.has(f.input));
  return (
    <div class="error-box" role="alert" data-error>
      <strong>Can't compute this:</strong> {message}
      {page && fixes.length ? (
        <div class="fixes" data-fixes>
          {fixes.map((f) => {
            const def = page.table.get(f.input);
            if (f.kind === "choose")
              return (
                <div class="fix-choices" key={`choose-${f.input}`}>
                  {f.values.map((v) => (
                    <button type="button" key={v} data-fix={`${f.input}=${v}`} onClick={() => setInput(page.state, page.set, f.input, v)}>
                      Use {def.label.toLowerCase()} {v}
                    </button>
                  ))}
                </div>
              );
            return (
              <div class="fix-field" key={`give-${f.input}`} data-fix={f.input}>
                <InputControl def={def} state={page.state} set={page.set} effective={engineDefaults(page.state)} idPrefix="fix" autoFocus />
              </div>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBanner({ problems, onDismiss }: { problems: readonly { param: string; message: string }[]; onDismiss: () => void }) {
  if (problems.length === 0) return null;
  return (
    <div class="banner" role="alert" data-url-problems={problems.length}>
      <ul>
        {problems.map((p, k) => (
          <li key={k} data-param={p.param}>
            {p.message}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
