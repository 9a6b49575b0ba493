/** The source documents' numbers, each derived by the engine and set beside the quoted figure. */
import { checkSeedClaims, formatQuantity, formatSignificant, type CheckedClaim } from "@roofline/core";
import { DataTable } from "../components/DataTable.tsx";
import type { PageProps } from "../components/Layout.tsx";
import { Num } from "../components/Num.tsx";

let claims: CheckedClaim[] | null = null;
const getClaims = () => (claims ??= checkSeedClaims());

export function SeedsPage({ state, set }: PageProps) {
  const rows = getClaims();
  return (
    <div class="content">
      <div class="intro">
        <p>
          Every number the lecture and its notes quote, reproduced from its derivation (the same table as <code>roofline seeds</code>). Where the quote differs from its own arithmetic — rounding, a slip — the
          difference is shown and explained in the last column, not hidden. Figures the engine cannot derive (a benchmark score, an analyst's estimate, the context-length history) are listed as
          "quoted only", with what stands behind them. Click a derived value for its derivation.
        </p>
      </div>
      <DataTable
        id="seeds-table"
        title="Quoted vs derived"
        rows={rows}
        rowKey={(c) => c.id}
        sort={{ key: state.sort, desc: state.desc }}
        onSort={(s) => set({ sort: s.key, desc: s.desc })}
        columns={[
          { key: "id", label: "claim", value: (c) => c.id, cell: (c) => <code>{c.id}</code> },
          { key: "quote", label: "as quoted", value: (c) => c.quote, cell: (c) => <q>{c.quote}</q> },
          { key: "source", label: "source", value: (c) => `${c.source.title}${c.source.locator ? ` [${c.source.locator}]` : ""}`, cell: (c) => <span class="small">{c.source.locator ?? c.source.title}</span> },
          {
            key: "quoted",
            label: "quoted",
            numeric: true,
            value: (c) => c.quotedValue,
            cell: (c) => <Num id={`seeds.${c.id}.quoted`} value={c.quotedValue} unit={c.unit} d={{ kind: "given", title: `Quoted: ${c.id}`, description: c.quote, value: c.quotedValue, unit: c.unit, display: formatQuantity(c.quotedValue, c.unit), origin: { kind: "seed", source: c.source } }} />,
          },
          {
            key: "derived",
            label: "derived",
            numeric: true,
            value: (c) => c.derivedValue ?? -Infinity,
            cell: (c) => (c.derivedValue === null || c.derivation === null ? <span class="small" data-quoted-only={c.id}>quoted only</span> : <Num id={`seeds.${c.id}`} value={c.derivedValue} unit={c.unit} d={c.derivation} />),
          },
          { key: "diff", label: "difference", numeric: true, value: (c) => c.relativeDifference ?? -Infinity, cell: (c) => (c.relativeDifference === null ? "—" : `${c.relativeDifference >= 0 ? "+" : ""}${formatSignificant(c.relativeDifference * 100, 2)}%`) },
          { key: "why", label: "why they differ", value: (c) => c.difference, cell: (c) => <span class="small">{c.difference ?? "—"}</span> },
        ]}
      />
    </div>
  );
}
