/**
 * Practice: problems the engine writes from its formulas and catalog, graded against its own numbers.
 * The problem (family and seed) lives in the URL (x.family, x.seed), so a link reproduces it; review
 * state (spaced repetition) lives in localStorage. The derivation opens after answering.
 */
import { isRooflineError, practice, renderDerivationText } from "@roofline/core";
import { useMemo, useState } from "preact/hooks";
import type { PageProps } from "../components/Layout.tsx";
import { Num } from "../components/Num.tsx";
import { downloadText } from "../components/download.ts";
import { localParam } from "../state.ts";
import { attempt } from "../options.ts";

type Problem = practice.Problem;
type Grade = practice.Grade;

export const REVIEW_STORAGE_KEY = "roofline.practice.v1";

function loadReview(): practice.ReviewState {
  try {
    const raw = typeof localStorage === "undefined" ? null : localStorage.getItem(REVIEW_STORAGE_KEY);
    return raw ? practice.parseReviewState(JSON.parse(raw), "localStorage") : practice.emptyReviewState();
  } catch {
    // A corrupt or foreign entry: start afresh rather than fail the page.
    return practice.emptyReviewState();
  }
}

function saveReview(s: practice.ReviewState): void {
  try {
    localStorage.setItem(REVIEW_STORAGE_KEY, JSON.stringify(s));
  } catch {
    // Storage full or disabled: the session still works, it is just not remembered.
  }
}

const randomSeed = () => Math.floor(Math.random() * 1_000_000);

export function PracticePage({ state, set }: PageProps) {
  const [familyParam] = localParam(state, set, "family", "");
  const [seedParam] = localParam(state, set, "seed", "");
  const [review, setReview] = useState(loadReview);
  const [answer, setAnswer] = useState("");
  const [grade, setGrade] = useState<Grade | null>(null);
  const [error, setError] = useState<string | null>(null);

  const families = practice.familyIds();
  const order = practice.dueOrder(review, families, Date.now());
  const family = families.includes(familyParam) ? familyParam : (order[0]?.family ?? families[0] ?? "drain-time");
  const seed = /^\d{1,9}$/.test(seedParam) ? Number(seedParam) : 1;
  const result = useMemo(() => attempt(() => practice.generateProblem(family, seed)), [family, seed]);

  const go = (f: string, s: number) => {
    setAnswer("");
    setGrade(null);
    setError(null);
    set({ local: { ...state.local, family: f, seed: String(s) }, explain: "" });
  };
  const check = (p: Problem, text: string) => {
    try {
      const g = practice.gradeAnswer(p, text);
      setGrade(g);
      setError(null);
      const next = practice.recordReview(review, p.family, g.correct, Date.now(), p.seed);
      setReview(next);
      saveReview(next);
    } catch (e) {
      setError(isRooflineError(e) ? e.message : String(e));
    }
  };
  const exportDeck = () => {
    const problems = families.filter((f) => f !== "flashcard").flatMap((f, i) => [0, 1, 2].map((k) => practice.generateProblem(f, seed + 7919 * i + k)));
    const cards = practice.FLASHCARDS.map((c, i) => ({ ...c.problem(i), id: `flashcard:${c.id}` }));
    downloadText(`roofline-practice-${seed}.txt`, practice.toAnkiDeck([...problems, ...cards]));
  };

  return (
    <div class="content practice">
      <div class="intro">
        <p>
          Problems the engine writes from its own formulas, with chips, models, precisions, contexts and prices drawn from the catalog — one family per concept of the flashcards and the crib sheet, plus the
          flashcards themselves (seed 003) with the engine filling the blanks, and the seed figures that slipped. Answer with units (<code>24 ms</code>, <code>1.7 KB</code>, <code>$0.37</code>,{" "}
          <code>2.4k</code>); within the tolerance is correct, within a factor √10 is the right order of magnitude. The same problems are in <code>roofline practice</code>.
        </p>
      </div>
      <div class="practice-bar" role="group" aria-label="Choose a problem">
        <label>
          Family{" "}
          <select id="practice-family" value={family} onChange={(e) => go((e.target as HTMLSelectElement).value, seed)}>
            {practice.FAMILIES.map((f) => (
              <option key={f.id} value={f.id}>
                {f.id}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Seed <input id="practice-seed" type="number" min={0} max={999999999} value={seed} onChange={(e) => go(family, Math.max(0, Math.min(999_999_999, Math.floor(Number((e.target as HTMLInputElement).value) || 0))))} />
        </label>{" "}
        <button type="button" id="practice-new" onClick={() => go(family, randomSeed())}>
          Another like it
        </button>{" "}
        <button type="button" id="practice-due" onClick={() => go(order[0]?.family ?? family, randomSeed())}>
          Next due: {order[0]?.family ?? family}
        </button>{" "}
        <button type="button" id="practice-anki" onClick={exportDeck}>
          Export Anki deck
        </button>
      </div>
      {result.ok ? (
        <ProblemCard key={result.value.id} p={result.value} answer={answer} setAnswer={setAnswer} grade={grade} error={error} onCheck={check} />
      ) : (
        <div class="error" role="alert">
          {result.message}
        </div>
      )}
      <WorkedExample family={family} seed={seed} />
      <ReviewTable review={review} order={order} onPick={(f) => go(f, randomSeed())} />
    </div>
  );
}

function ProblemCard({ p, answer, setAnswer, grade, error, onCheck }: { p: Problem; answer: string; setAnswer: (s: string) => void; grade: Grade | null; error: string | null; onCheck: (p: Problem, text: string) => void }) {
  const submit = (text: string) => onCheck(p, text);
  return (
    <section class="practice-card" data-problem={p.id} aria-labelledby="practice-prompt">
      <p class="small">
        <code>{p.id}</code> — {p.concept}
      </p>
      <p id="practice-prompt" class="practice-prompt">
        {p.prompt}
      </p>
      {p.givens.length ? (
        <table class="givens">
          <caption class="small">Given</caption>
          <tbody>
            {p.givens.map((g) => (
              <tr key={g.label + g.display}>
                <td>
                  <code>{g.symbol}</code>
                </td>
                <td class="practice-n">{g.display}</td>
                <td class="small">{g.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form
        class="practice-answer"
        onSubmit={(e) => {
          e.preventDefault();
          submit(answer);
        }}
      >
        {p.kind === "choice" ? (
          <fieldset>
            <legend class="small">Choose one</legend>
            {(p.choices ?? []).map((c, i) => (
              <label key={c} class="choice">
                <input type="radio" name="practice-choice" value={String(i + 1)} checked={answer === String(i + 1)} onChange={() => setAnswer(String(i + 1))} /> {c}
              </label>
            ))}
          </fieldset>
        ) : (
          <label>
            {p.kind === "recall" ? "Formula" : `Answer (${p.unit})`}{" "}
            <input id="practice-input" type="text" autocomplete="off" value={answer} onInput={(e) => setAnswer((e.target as HTMLInputElement).value)} aria-describedby="practice-tolerance" />
          </label>
        )}{" "}
        <button type="submit" id="practice-check" disabled={grade !== null}>
          Check
        </button>{" "}
        {p.kind === "recall" && grade === null ? (
          <button type="button" id="practice-reveal" onClick={() => submit(answer || "?")}>
            Show
          </button>
        ) : null}
        <span id="practice-tolerance" class="small">
          {p.kind === "numeric" ? ` ±${Math.round(p.tolerance * 1000) / 10}% is correct` : ""}
        </span>
      </form>
      {error ? (
        <p class="error" role="alert" id="practice-error">
          {error}
        </p>
      ) : null}
      {grade ? (
        <div class={`practice-result verdict-${grade.verdict}`} role="status" id="practice-result" data-verdict={grade.verdict}>
          <p>
            <strong>{grade.message}</strong>
          </p>
          <p>
            The engine: {p.kind === "numeric" ? <Num id={`practice.${p.family}`} value={p.answer} unit={p.unit} d={p.derivation} /> : <strong>{p.answerDisplay}</strong>} {p.kind !== "numeric" ? <Num id={`practice.${p.family}.derivation`} value={p.derivation.value} unit={p.derivation.unit} d={p.derivation} /> : null}
          </p>
          <pre class="practice-derivation">{renderDerivationText(p.derivation, { depth: 1 })}</pre>
          {p.notes.map((n) => (
            <p key={n} class="small">
              {n}
            </p>
          ))}
          <p class="small">
            Source: {p.source.title}
            {p.source.locator ? ` [${p.source.locator}]` : ""}
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** Another problem of the same family, solved: the answer and its derivation, to learn from before trying. */
function WorkedExample({ family, seed }: { family: string; seed: number }) {
  const ex = useMemo(() => attempt(() => practice.generateProblem(family, seed + 1)), [family, seed]);
  if (!ex.ok) return null;
  const p = ex.value;
  return (
    <details class="practice-example">
      <summary>Worked example: another {family} problem, solved</summary>
      <p>{p.prompt}</p>
      <p>
        Answer: {p.kind === "numeric" ? <Num id={`practice.example.${family}`} value={p.answer} unit={p.unit} d={p.derivation} /> : <strong>{p.answerDisplay}</strong>}
        {p.kind !== "numeric" ? (
          <>
            {" "}
            (<Num id={`practice.example.${family}.derivation`} value={p.derivation.value} unit={p.derivation.unit} d={p.derivation} />)
          </>
        ) : null}
      </p>
      {p.notes.map((n) => (
        <p key={n} class="small">
          {n}
        </p>
      ))}
    </details>
  );
}

function ReviewTable({ review, order, onPick }: { review: practice.ReviewState; order: ReturnType<typeof practice.dueOrder>; onPick: (family: string) => void }) {
  const now = Date.now();
  return (
    <section class="practice-review">
      <h3>Review (spaced repetition, kept in this browser)</h3>
      <table id="practice-review">
        <thead>
          <tr>
            <th>family</th>
            <th>concept</th>
            <th>box</th>
            <th>right</th>
            <th>next</th>
          </tr>
        </thead>
        <tbody>
          {order.map(({ family, record }) => {
            const f = practice.FAMILIES.find((x) => x.id === family);
            return (
              <tr key={family} data-family={family}>
                <td>
                  <a
                    href="#"
                    onClick={(e) => {
                      e.preventDefault();
                      onPick(family);
                    }}
                  >
                    {family}
                  </a>
                </td>
                <td class="small">{f?.concept}</td>
                <td class="practice-n">{record ? record.box : "—"}</td>
                <td class="practice-n">{record ? `${record.correct}/${record.reviews}` : "—"}</td>
                <td class="small">{record === null ? "new" : record.dueMs <= now ? "due now" : new Date(record.dueMs).toISOString().slice(0, 10)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="small">
        A right answer moves a family up a box and spaces its next review (1, 3, 7, 16, 35 days); a miss sends it back to box 0. <code>roofline practice</code> keeps the same state in a file.
      </p>
    </section>
  );
}
