/**
 * Units. Everything inside the engine is SI base units: bytes, seconds, FLOP, USD.
 * Conversions to and from human units (GB, TB/s, PFLOP/s, $/Mtok) live here and at the edges.
 *
 * FLOP are counted as 2 per multiply-accumulate (MAC). The lecture sometimes writes "FLOPs" for
 * multiply-accumulates; every derivation states which one it means.
 */

/** The units a quantity can carry. The id is also what derivations print. */
export type UnitId =
  | "1" // dimensionless
  | "s"
  | "ms" // only as an input is typed (an SLO in milliseconds); engines take seconds
  | "µs" // only as an input is typed (a collective's latency in microseconds); engines take seconds
  | "day" // calendar days (a deployment's length; SI seconds inside the formulas)
  | "B" // bytes
  | "B/s"
  | "B/token"
  | "B/param"
  | "B/sequence"
  | "FLOP"
  | "FLOP/s"
  | "FLOP/token"
  | "FLOP/B"
  | "token"
  | "token/s"
  | "sequence"
  | "param"
  | "chip"
  | "layer"
  | "expert"
  | "USD"
  | "USD/h"
  | "USD/s"
  | "USD/Mtoken"
  | "USD/GB-month"
  | "1/s"
  | "m" // metres (driving distance, world-model simulation)
  | "m/s"
  | "mph" // only as an input is typed (driving speed in miles per hour); engines take m/s
  | "W" // watts (board power, TDP)
  | "J/token"
  | "token/s/MW";

export const BYTES_PER_GB = 1e9;
export const BYTES_PER_TB = 1e12;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
export const FLOP_PER_TFLOP = 1e12;
export const TOKENS_PER_MILLION = 1e6;
/** One multiply-accumulate is two floating-point operations (a multiply and an add). */
export const FLOP_PER_MAC = 2;
/**
 * Training FLOP per parameter per token: 2 for the forward pass, 4 for the backward pass (gradients
 * with respect to both inputs of every multiply) — the "6ND" of scaling-law papers.
 */
export const FLOP_PER_PARAM_PER_TRAINING_TOKEN = 6;

export function gigabytesToBytes(gb: number): number {
  return gb * BYTES_PER_GB;
}
export function terabytesPerSecondToBytesPerSecond(tbps: number): number {
  return tbps * BYTES_PER_TB;
}
export function gigabytesPerSecondToBytesPerSecond(gbps: number): number {
  return gbps * BYTES_PER_GB;
}
/** Network line rates are quoted in gigabits per second. */
export function gigabitsPerSecondToBytesPerSecond(gbitps: number): number {
  return (gbitps * 1e9) / 8;
}
export function teraflopsToFlopsPerSecond(tflops: number): number {
  return tflops * FLOP_PER_TFLOP;
}
