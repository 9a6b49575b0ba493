/**
 * A table with sortable columns (click or Enter on a header) and a CSV download of its raw values.
 * Sorting can be kept in the URL by passing `sort`/`onSort`; otherwise it is local.
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { downloadText, slug, toCsv } from "./download.ts";

export interface Column<R> {
  key: string;
  label: string;
  /** The raw value for CSV and sorting (SI units; null = unknown, sorted last). */
  value: (row: R) => string | number | null;
  /** What the cell shows (default: the raw value). */
  cell?: (row: R) => ComponentChildren;
  /** The CSV header (default: the key). */
  csvHeader?: string;
  numeric?: boolean;
}

export interface SortState {
  key: string;
  desc: boolean;
}

export interface DataTableProps<R> {
  id: string;
  title: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  sort?: SortState;
  onSort?: (s: SortState) => void;
  sortable?: boolean;
  caption?: ComponentChildren;
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en");
}

export function DataTable<R>({ id, title, columns, rows, rowKey, sort, onSort, sortable = true, caption }: DataTableProps<R>) {
  const [local, setLocal] = useState<SortState>({ key: "", desc: false });
  const s = sort ?? local;
  const setSort = onSort ?? setLocal;
  const col = columns.find((c) => c.key === s.key);
  const sorted = col
    ? [...rows].sort((a, b) => {
        const va = col.value(a);
        const vb = col.value(b);
        if (va === null || vb === null) return compare(va, vb);
        return s.desc ? compare(vb, va) : compare(va, vb);
      })
    : rows;
  const csv = () =>
    downloadText(
      `${slug(id)}.csv`,
      toCsv(
        columns.map((c) => c.csvHeader ?? c.key),
        sorted.map((r) => columns.map((c) => c.value(r))),
      ),
      "text/csv",
    );
  const clickHeader = (key: string) => setSort(s.key === key ? { key, desc: !s.desc } : { key, desc: false });
  return (
    <section class="table-block" data-table={id}>
      <div class="table-head">
        <h2>{title}</h2>
        <button type="button" onClick={csv} aria-label={`Download "${title}" as CSV`}>
          CSV
        </button>
      </div>
      {caption ? <p class="muted small">{caption}</p> : null}
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              {columns.map((c) => {
                const active = s.key === c.key;
                const aria = active ? (s.desc ? "descending" : "ascending") : "none";
                return (
                  <th key={c.key} scope="col" class={c.numeric ? "num-col" : undefined} aria-sort={sortable ? aria : undefined}>
                    {sortable ? (
                      <button type="button" class="sort" data-sort={c.key} onClick={() => clickHeader(c.key)}>
                        {c.label}
                        <span aria-hidden="true" class="sort-mark">
                          {active ? (s.desc ? " ▼" : " ▲") : ""}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.key} class={c.numeric ? "num-col" : undefined}>
                    {c.cell ? c.cell(r) : String(c.value(r) ?? "unknown")}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
