/**
 * The derivation of one number, rendered from core's Derivation object — the same content
 * `roofline explain <name>` prints: formula, substituted arithmetic, inputs with units and origins,
 * assumptions, notes, sources, and the derivations of derived inputs, nested.
 */
import { describeOrigin, renderDerivation, type Derivation, type Origin, type SourceRef } from "@roofline/core";
import { useEffect, useRef, useState } from "preact/hooks";
import { downloadText } from "./download.ts";
import { isGiven, type Explanation } from "./explain.ts";

/** Only http(s) links are made clickable; anything else is shown as text. */
function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  return /^https?:\/\//i.test(url) ? url : null;
}

function Source({ s }: { s: SourceRef }) {
  const url = safeUrl(s.url);
  const rest = [s.locator ? `[${s.locator}]` : "", s.date ? `(${s.date})` : ""].filter(Boolean).join(" ");
  return (
    <li>
      {url ? (
        <a href={url} target="_blank" rel="noopener noreferrer">
          {s.title}
        </a>
      ) : (
        s.title
      )}
      {rest ? ` ${rest}` : ""}
    </li>
  );
}

function originSources(o: Origin): readonly SourceRef[] {
  if (o.kind === "catalog") return o.sources;
  if (o.kind === "seed") return [o.source];
  if (o.kind === "constant" && o.source) return [o.source];
  return [];
}

function DerivationBody({ d, depth }: { d: Derivation; depth: number }) {
  return (
    <div class="deriv" data-derivation={d.name}>
      {depth > 0 ? null : <p class="deriv-desc">{d.description}</p>}
      <pre class="deriv-formula" data-role="formula">{d.formula.text}</pre>
      <pre class="deriv-subst" data-role="substituted">
        {d.substituted.text}
        {"\n  = "}
        {d.display}
      </pre>
      {d.inputs.length > 0 ? (
        <div class="table-scroll">
          <table class="deriv-inputs">
            <thead>
              <tr>
                <th scope="col">symbol</th>
                <th scope="col">value</th>
                <th scope="col">meaning</th>
                <th scope="col">origin</th>
              </tr>
            </thead>
            <tbody>
              {d.inputs.map((i) => (
                <tr key={i.name}>
                  <td>
                    <code>{i.symbol}</code>
                  </td>
                  <td class="nowrap">{i.display}</td>
                  <td>{i.description}</td>
                  <td class="origin">{i.originText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.assumptions.length + d.notes.length > 0 ? (
        <ul class="deriv-notes">
          {d.assumptions.map((a, k) => (
            <li key={`a${k}`}>
              <strong>Assumes:</strong> {a}
            </li>
          ))}
          {d.notes.map((n, k) => (
            <li key={`n${k}`}>
              <strong>Note:</strong> {n}
            </li>
          ))}
        </ul>
      ) : null}
      {d.sources.length > 0 ? (
        <div class="deriv-sources">
          <strong>Sources</strong>
          <ul>
            {d.sources.map((s, k) => (
              <Source key={k} s={s} />
            ))}
          </ul>
        </div>
      ) : null}
      {d.children.length > 0 ? (
        <div class="deriv-children">
          {d.children.map((c, k) => (
            <details key={`${c.name}-${k}`} class="deriv-child">
              <summary>
                {c.title} <span class="muted">= {c.display}</span>
              </summary>
              <DerivationBody d={c} depth={depth + 1} />
            </details>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function DerivationPanel({ id, e, onClose }: { id: string; e: Explanation | null; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState("");
  useEffect(() => {
    heading.current?.focus();
    setCopied("");
  }, [id]);
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const copy = (text: string, what: string) => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(`${what} copied`),
      () => setCopied("copy failed: select the text instead"),
    );
  };
  return (
    <section class="panel" role="dialog" aria-modal="false" aria-labelledby="panel-title" data-panel={id}>
      <header class="panel-head">
        <h2 id="panel-title" tabIndex={-1} ref={heading}>
          {e ? e.title : "Not on this page"}
          {e ? <span class="panel-value"> = {e.display}</span> : null}
        </h2>
        <button type="button" class="close" onClick={onClose} aria-label="Close the derivation (Escape)">
          ×
        </button>
      </header>
      <div class="panel-body">
        {e === null ? (
          <p>The number "{id}" is not shown on this page with these inputs.</p>
        ) : isGiven(e) ? (
          <div class="deriv" data-derivation={id}>
            <p class="deriv-desc">{e.description}</p>
            <p>
              <strong>Origin:</strong> {describeOrigin(e.origin)}
            </p>
            {(e.notes ?? []).map((n, k) => (
              <p key={k}>
                <strong>Note:</strong> {n}
              </p>
            ))}
            {originSources(e.origin).length > 0 ? (
              <div class="deriv-sources">
                <strong>Sources</strong>
                <ul>
                  {originSources(e.origin).map((s, k) => (
                    <Source key={k} s={s} />
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        ) : (
          <>
            <DerivationBody d={e} depth={0} />
            <div class="panel-actions">
              <button type="button" onClick={() => copy(renderDerivation(e, "text"), "text")}>
                Copy as text
              </button>
              <button type="button" onClick={() => copy(renderDerivation(e, "markdown"), "Markdown")}>
                Copy Markdown
              </button>
              <button type="button" onClick={() => downloadText(`${e.name}.json`, renderDerivation(e, "json"), "application/json")}>
                Download JSON
              </button>
              <span class="muted" role="status">
                {copied}
              </span>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
