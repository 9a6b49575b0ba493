/**
 * Commands of later capabilities (cluster layout, economics, world models) register here, so that
 * adding one touches its own files and this list only.
 */
import type { Command } from "commander";

export function extraCommands(): Command[] {
  return [];
}
