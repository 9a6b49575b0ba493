/**
 * Benchmark: the serving simulation (issue 10). Prints JSON.
 *
 *   npx tsx bench/serve.ts            # 1,000,000 requests
 *   npx tsx bench/serve.ts 100000     # fewer
 *
 * Workload: Llama-3.1-70B (BF16) on 8 × H100 SXM, 1,000 input / 1,000 output tokens, Poisson arrivals
 * at 80% of the closed form's highest sustainable rate, continuous batching, ideal step times.
 * Targets: the whole 1,000,000-request run (generate + simulate + summarise) under 5 s; a max-load
 * search (SLOs p99 TTFT ≤ 2 s, p99 TPOT ≤ 50 ms) under 3 s (ideal, and expected step times). Prints the
 * load average: the machine is shared. Also a capacity search for 20 requests/s
 * over H100 and B200 replicas (every layout on the layout search's frontier, a max-load search each).
 */
import { cpus, loadavg } from "node:os";
import { analyzeServing, capacitySearch, getHardware, getModel, maxLoad, prepareServing, stepTimesFor, type ServeOptions, type TrafficClass } from "../packages/core/src/index.ts";

const requests = Number(process.argv[2] ?? 1_000_000);
const cls: TrafficClass = { name: "default", share: 1, input: { kind: "fixed", tokens: 1000 }, output: { kind: "fixed", tokens: 1000 }, prefixHitFraction: 0, sloTtftSeconds: 2, sloTpotSeconds: 0.05, percentile: 99 };
const base: Omit<ServeOptions, "workload"> = { model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), chips: 8, scheduler: "continuous" };

// The closed form's saturation rate, to pick a load.
const probe = analyzeServing({ ...base, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: 1 } }, requests: 200 });
const rate = 0.8 * probe.closedForm.maxRatePerSecond;
void prepareServing;

const t0 = performance.now();
const r = analyzeServing({ ...base, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: rate } }, requests });
const wall = (performance.now() - t0) / 1000;

const t1 = performance.now();
const m = maxLoad({ ...base, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: rate } } });
const searchWall = (performance.now() - t1) / 1000;

// The same search with expected step times (the CLI's default).
const t3 = performance.now();
const me = maxLoad({ ...base, stepTimes: stepTimesFor("expected"), workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: rate } } });
const searchExpectedWall = (performance.now() - t3) / 1000;

const t2 = performance.now();
const cap = capacitySearch({ serve: { ...base, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: 20 } } }, targetRatePerSecond: 20, systems: [getHardware("h100"), getHardware("b200")] });
const capWall = (performance.now() - t2) / 1000;

console.log(
  JSON.stringify(
    {
      workload: "Llama-3.1-70B bf16, 8 × H100 SXM, 1000 in / 1000 out, Poisson, continuous batching, ideal step times",
      ratePerSecond: rate,
      requests,
      wallSeconds: Number(wall.toFixed(3)),
      simulatedRequestsPerSecond: Math.round(requests / wall),
      decodeSteps: r.simulation.decodeSteps,
      decodeIterationsPerSecond: Math.round(r.simulation.decodeSteps / wall),
      simulatedSeconds: Number(r.simulation.simulatedSeconds.toFixed(1)),
      meanBatch: Number(r.meanBatch.toFixed(1)),
      targetWallSeconds: 5,
      maxLoad: {
        ratePerSecond: Number(m.maxLoad.toFixed(3)),
        probes: m.probes.length,
        serviceRatePerSecond: m.service?.ratePerSecond ?? null,
        serviceProbeRequests: m.service?.requests ?? null,
        wallSeconds: Number(searchWall.toFixed(3)),
        targetWallSeconds: 3,
      },
      maxLoadExpected: { ratePerSecond: Number(me.maxLoad.toFixed(3)), probes: me.probes.length, serviceRatePerSecond: me.service?.ratePerSecond ?? null, wallSeconds: Number(searchExpectedWall.toFixed(3)), targetWallSeconds: 3 },
      capacity: {
        targetRatePerSecond: 20,
        candidates: cap.plans.length + cap.rejected.length,
        chosen: `${cap.chosen.replicas} × ${cap.chosen.candidate.chipsPerReplica} ${cap.chosen.candidate.hardware.id}`,
        usdPerHour: cap.chosen.usdPerHour,
        wallSeconds: Number(capWall.toFixed(3)),
      },
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
      cpus: cpus().length,
    },
    null,
    2,
  ),
);
