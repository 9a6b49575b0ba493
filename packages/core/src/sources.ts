/**
 * Where numbers come from. Every input of a derivation carries an Origin, and every formula a SourceRef.
 */

export interface SourceRef {
  title: string;
  url?: string | null;
  /** When the source was published or read (ISO date or free text such as "2025 (page undated)"). */
  date?: string;
  /** A place inside the source: a timestamp, a section, a table row. */
  locator?: string;
}

export type Confidence = "high" | "medium" | "low";

export type Origin =
  /** A value from the built-in catalog (built from the project's sourced data files). */
  | {
      kind: "catalog";
      catalog: "hardware" | "models" | "memory-tiers" | "prices";
      entry: string;
      field: string;
      sources: readonly SourceRef[];
      confidence?: Confidence;
      note?: string;
    }
  /** A value the user gave (a CLI flag, a URL parameter, a form control). */
  | { kind: "user"; name: string }
  /** A value read from a file the user gave (a Hugging Face config.json or a napkin JSON). */
  | { kind: "file"; file: string; field: string }
  /** A default of the engine, with why. */
  | { kind: "default"; reason: string }
  /** A fixed constant of the physics or of the lecture (2 FLOP per MAC, 20 tokens per parameter). */
  | { kind: "constant"; reason: string; source?: SourceRef }
  /** The result of another formula: its derivation is a child of this one. */
  | { kind: "derived"; formulaId: string; name: string }
  /** A value from a seed document's worked example. */
  | { kind: "seed"; source: SourceRef };

export function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case "catalog": {
      const src = origin.sources[0];
      const more = origin.sources.length > 1 ? ` (+${origin.sources.length - 1} more)` : "";
      const conf = origin.confidence ? `, confidence ${origin.confidence}` : "";
      return `catalog ${origin.catalog}/${origin.entry}.${origin.field}${conf}${src ? `; source: ${src.title}${src.date ? ` (${src.date})` : ""}${more}` : ""}${origin.note ? `; ${origin.note}` : ""}`;
    }
    case "user":
      return `given: ${origin.name}`;
    case "file":
      return `file ${origin.file}: ${origin.field}`;
    case "default":
      return `default: ${origin.reason}`;
    case "constant":
      return `constant: ${origin.reason}`;
    case "derived":
      return `derived: ${origin.name}${origin.name !== origin.formulaId ? ` (${origin.formulaId})` : ""}`;
    case "seed":
      return `seed: ${origin.source.title}${origin.source.locator ? ` [${origin.source.locator}]` : ""}`;
  }
}

/** The source documents of the project (../shared/seeds), cited by formulas. */
export const SEEDS = {
  lecture: {
    title: "Reiner Pope's blackboard lecture, Dwarkesh Podcast (seed 002)",
    url: "https://www.youtube.com/watch?v=xmkSf5IS-zw",
  },
  flashcards: {
    title: "Flashcards for Reiner Pope on Dwarkesh Podcast (seed 001)",
  },
  cribSheet: {
    title: "Crib sheet: numbers & one-liners to know cold (seed 000)",
  },
  summary: {
    title: "Lecture summary and key takeaways (seed 004)",
  },
} as const satisfies Record<string, SourceRef>;

export function lectureAt(locator: string, note?: string): SourceRef {
  return { ...SEEDS.lecture, locator: note ? `${locator} — ${note}` : locator };
}
export function cribSheet(locator: string): SourceRef {
  return { ...SEEDS.cribSheet, locator };
}
export function flashcards(locator: string): SourceRef {
  return { ...SEEDS.flashcards, locator };
}
