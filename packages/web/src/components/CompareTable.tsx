/**
 * The table under a comparison chart: a caption, a header row (the scenario's name first, then the
 * page's columns) and the rows, this scenario's first. One markup for every page that compares.
 */
import type { ComponentChildren } from "preact";

export function CompareTable({ caption, columns, marker = "data-compare-table", children }: { caption: ComponentChildren; columns: readonly ComponentChildren[]; marker?: "data-compare-table" | "data-sim-compare"; children: ComponentChildren }) {
  const attrs = { [marker]: true };
  return (
    <table class="compare-table" {...attrs}>
      <caption class="small">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">scenario</th>
          {columns.map((c, i) => (
            <th scope="col" key={i}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
