/**
 * Commands of later capabilities (cluster layout, economics, world models) register here, so that
 * adding one touches its own files and this list only.
 */
import type { Command } from "commander";
import { clusterCommands } from "./cluster.ts";
import { specdecCommand } from "./specdec.ts";
import { worldmodelCommand } from "./worldmodel.ts";
import { economicsCommands } from "./economics.ts";
import { operatorsCommand } from "./operators.ts";
import { serveCommand } from "./serve.ts";
import { trainStepCommand } from "./train-step.ts";
import { practiceCommand } from "./practice.ts";
import { lectureCommand } from "./lecture.ts";

export function extraCommands(): Command[] {
  return [...economicsCommands(), worldmodelCommand(), specdecCommand(), ...clusterCommands(), trainStepCommand(), serveCommand(), operatorsCommand(), practiceCommand(), lectureCommand()];
}
