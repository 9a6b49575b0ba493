/**
 * Property tests draw fresh random cases on every local run (that is how they find bugs), but CI runs
 * one fixed seed so that a green main stays green. A failure prints its seed either way: replay it with
 * FC_SEED=<seed> npm test (or npx vitest run <file>).
 */
import fc from "fast-check";

const fromEnv = process.env["FC_SEED"];
const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : process.env["CI"] ? 20261127 : undefined;
if (seed !== undefined && Number.isInteger(seed)) fc.configureGlobal({ seed });
