/** Shared page pieces: the analysis layout (controls beside content), warnings, errors. */
import type { ComponentChildren } from "preact";
import type { Warning } from "@roofline/core";
import { Controls, type ControlDefaults, type ControlId } from "./Controls.tsx";
import type { AppState } from "../state.ts";
import { ScenarioContext, scenarioText } from "./scenario.ts";
import { CompareBar } from "./CompareBar.tsx";

/** On a phone the inputs start folded, so the page opens on its charts. */
const NARROW = typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia("(max-width: 820px)").matches;

export interface PageProps {
  state: AppState;
  set: (patch: Partial<AppState>) => void;
}

export function AnalysisLayout({
  state,
  set,
  controls,
  defaults,
  intro,
  configOpen,
  compare,
  children,
}: PageProps & { controls: readonly ControlId[]; defaults: ControlDefaults; intro?: ComponentChildren; configOpen?: boolean; compare?: boolean; children: ComponentChildren }) {
  return (
    <div class="analysis">
      <aside class="sidebar">
        <details class="controls-wrap" open={!NARROW}>
          <summary>Inputs</summary>
          <Controls state={state} set={set} controls={controls} defaults={defaults} configOpen={configOpen ?? false} />
          <p class="small">
            <a
              href="?"
              onClick={(e) => {
                e.preventDefault();
                set({ model: "deepseek-v3", config: "", hardware: "nvidia-gb200-nvl72", chips: null, batch: null, context: null, prompt: null, train: null, weights: null, kv: null, compute: null, usd: null, ce: null, be: null, attention: "native", routing: "uniform", explain: "" });
              }}
            >
              Reset to the lecture's defaults
            </a>
          </p>
        </details>
      </aside>
      <div class="content">
        {intro ? <div class="intro">{intro}</div> : null}
        {compare ? <CompareBar state={state} set={set} /> : null}
        <ScenarioContext.Provider value={scenarioText(state, defaults, controls)}>{children}</ScenarioContext.Provider>
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
export function ErrorBox({ message }: { message: string }) {
  return (
    <div class="error-box" role="alert" data-error>
      <strong>Can't compute this:</strong> {message}
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
