/**
 * The app shell: tabs for the registered pages, the URL-state banner, the open derivation. The whole
 * view is the URL's query string (state.ts): every change replaces it, a page change pushes it.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { DerivationPanel } from "./components/DerivationPanel.tsx";
import { ExplainContext, resolveExplainable, type ExplainApi, type Explainable } from "./components/explain.ts";
import { ErrorBanner } from "./components/Layout.tsx";
import { PAGES, type PageDef } from "./pages/index.ts";
import type { FunctionComponent } from "preact";
import type { PageProps } from "./components/Layout.tsx";
import { PinContext, setUrlNow } from "./components/scenario.ts";
import { parseState, serializeState, withPageDefaults, type AppState, type StateProblem } from "./state.ts";

const PAGE_IDS = PAGES.map((p) => p.id);
const PAGE_TABLES = Object.fromEntries(PAGES.map((p) => [p.id, p.inputs]));

/**
 * The address follows the state a moment after the last change: a slider drag fires dozens of input
 * events a second, and Chromium throttles (and warns about) more than a few hundred history updates.
 */
const URL_DELAY_MS = 80;
let pendingUrl: string | null = null;
let urlTimer: ReturnType<typeof setTimeout> | undefined;
function flushUrl() {
  clearTimeout(urlTimer);
  if (pendingUrl !== null && pendingUrl !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", pendingUrl);
  pendingUrl = null;
}
function scheduleUrl(url: string) {
  pendingUrl = url;
  clearTimeout(urlTimer);
  urlTimer = setTimeout(flushUrl, URL_DELAY_MS);
}
if (typeof window !== "undefined") {
  window.addEventListener("pagehide", flushUrl);
  // Exports print the URL of the view as it is now, even while the address bar waits to catch up.
  setUrlNow(() => new URL(pendingUrl ?? `${window.location.pathname}${window.location.search}`, window.location.href).href);
}

function initial(): { state: AppState; problems: StateProblem[] } {
  return parseState(window.location.search, PAGE_IDS, PAGE_TABLES);
}

export function App() {
  const [{ state, problems }, setAll] = useState(initial);
  const [dismissed, setDismissed] = useState(false);
  const registry = useRef(new Map<string, Explainable>());
  registry.current = new Map();

  const set = useCallback((patch: Partial<AppState>) => {
    setAll((old) => {
      const next = { ...old.state, ...patch };
      if (patch.page !== undefined && patch.page !== old.state.page) {
        next.explain = "";
        next.pin = "";
        next.sort = "";
        next.desc = false;
      }
      const url = `${window.location.pathname}${serializeState(next)}`;
      if (patch.page !== undefined && patch.page !== old.state.page) {
        flushUrl();
        window.history.pushState(null, "", url);
      } else scheduleUrl(url);
      return { state: next, problems: old.problems };
    });
  }, []);

  useEffect(() => {
    const onPop = () => {
      setAll(initial());
      setDismissed(false);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  useEffect(() => {
    const title = PAGES.find((p) => p.id === state.page)?.title ?? "";
    document.title = `${title} · roofline`;
    // On a phone the tabs scroll sideways: keep the current one in view.
    (document.querySelector(".tabs a[aria-current]") as HTMLElement | null)?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [state.page]);

  const close = useCallback(() => {
    const id = state.explain;
    set({ explain: "" });
    if (id) requestAnimationFrame(() => (document.querySelector(`[data-num="${CSS.escape(id)}"]`) as HTMLElement | null)?.focus());
  }, [state.explain, set]);

  const api: ExplainApi = {
    openId: state.explain,
    open: (id) => set({ explain: id }),
    register: (id, e) => registry.current.set(id, e),
  };
  const page = PAGES.find((p) => p.id === state.page) ?? PAGES[0];
  const Page = useLoadedPage(page);

  return (
    <ExplainContext.Provider value={api}>
      <PinContext.Provider value={{ pin: state.pin, setPin: (pin) => set({ pin }) }}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            ⌒
          </span>{" "}
          roofline <span class="muted tagline">the blackboard math of AI inference, every number derived</span>
        </div>
        <nav aria-label="Pages">
          <ul class="tabs">
            {PAGES.map((p) => (
              <li key={p.id}>
                <a
                  href={serializeState({ ...state, page: p.id, explain: "", pin: "", sort: "", desc: false, local: {} }) || "?"}
                  aria-current={p.id === page?.id ? "page" : undefined}
                  data-page-link={p.id}
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                    e.preventDefault();
                    set({ page: p.id, local: {} });
                  }}
                >
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {dismissed ? null : <ErrorBanner problems={problems} onDismiss={() => setDismissed(true)} />}
      <main id="main" data-page={Page ? page?.id : undefined} aria-busy={Page ? undefined : "true"}>
        <h1 class="page-title">{page?.title}</h1>
        {Page ? <Page state={withPageDefaults(state, page?.inputs)} set={set} /> : <p class="muted">Loading…</p>}
      </main>
      {state.explain ? <PanelHost id={state.explain} registry={registry.current} onClose={close} /> : null}
      <footer class="foot small muted">
        Numbers from <code>@roofline/core</code>, the same engine as the <code>roofline</code> CLI. Works offline. The URL holds the whole view: copy it to share.
      </footer>
      </PinContext.Provider>
    </ExplainContext.Provider>
  );
}

const loaded = new Map<string, FunctionComponent<PageProps>>();

/** The page's component, loading its chunk the first time it is shown (null until it arrives). */
function useLoadedPage(page: PageDef | undefined): FunctionComponent<PageProps> | null {
  const [, setTick] = useState(0);
  const ready = page ? (page.component ?? loaded.get(page.id) ?? null) : null;
  useEffect(() => {
    if (!page || ready || !page.load) return;
    let live = true;
    page.load().then(
      (c) => {
        loaded.set(page.id, c);
        if (live) setTick((t) => t + 1);
      },
      (e: unknown) => console.warn(`page ${page.id} failed to load`, e),
    );
    return () => {
      live = false;
    };
  }, [page, ready]);
  return ready;
}

/** Rendered after the page, so the page's numbers have registered their derivations by now. */
function PanelHost({ id, registry, onClose }: { id: string; registry: Map<string, Explainable>; onClose: () => void }) {
  return <DerivationPanel id={id} e={resolveExplainable(registry.get(id))} onClose={onClose} />;
}
