#!/usr/bin/env python3
"""Builds data/measurements/mlperf-training-<round>.json from a git snapshot of mlcommons/training_results_<round>.

Usage: python3 mlperf_training.py <git-dir> <round e.g. v5.1> <published YYYY-MM-DD> [earlier-round.json] > out.json
(an earlier round's file, if given, removes runs re-listed unchanged in this round: same chip, chips, batch, value)

MLPerf Training scores time-to-train; the rows here are the training throughput inside those runs, read from the
submitters' own result logs (pre-training benchmarks only: llama31_405b, llama31_8b; LoRA fine-tuning is left out):
  - <org>/results/<system>/<benchmark>/result_*.txt, the ":::MLLOG" lines: global_batch_size (sequences),
    max_sequence_length, and the timed training blocks (block_start/block_stop with samples_count; evaluation runs
    between blocks and is not inside them). Where the log carries per-step times ("tracked_stats" train_step_time,
    NVIDIA NeMo submissions) the throughput is global batch / median step time over all runs (first logged step of
    each run dropped); otherwise samples in the blocks / time in the blocks (the first block of a run dropped when
    there are more). tokens_per_second_per_chip = samples/s x max_sequence_length / chips (derived).
  - <org>/systems/<system>.json: accelerator, nodes x accelerators per node, framework.
  - the config script the submission's README names (benchmarks/<benchmark>/implementations/<system...>/README*.md,
    "config_*.sh"), with the scripts it sources: TP, PP, CP, interleaved (virtual) pipeline stages, micro-batch,
    FP8/FP4 switches. Where no README names one and the folder holds exactly one config script, that one is read.
    If none can be pinned the layout is omitted and precision.compute is "unknown" (unknown stays unknown; the runs
    are FP8 or FP4 in practice, not BF16).
"""
import json, re, statistics, subprocess, sys

git, rnd, published = sys.argv[1], sys.argv[2], sys.argv[3]
def sh(*a):
    return subprocess.run(["git", "-C", git, *a], capture_output=True, text=True).stdout
def show(p):
    return sh("show", f"HEAD:{p}")
commit = sh("rev-parse", "HEAD").strip()
files = sh("ls-tree", "-r", "--name-only", "HEAD").splitlines()

BENCH = {"llama31_405b": "llama-3.1-405b", "llama31_8b": "llama-3.1-8b"}
HW = [("GB300", "nvidia-gb300-nvl72"), ("GB200", "nvidia-gb200-nvl72"),
      ("B300", "nvidia-b300-hgx"), ("B200", "nvidia-b200-hgx"), ("H200", "nvidia-h200-sxm-141gb"), ("H100", "nvidia-h100-sxm5-80gb"),
      ("MI355X", "amd-mi355x"), ("MI325X", "amd-mi325x"), ("MI300X", "amd-mi300x")]

def hw_of(name):
    if "NVL" in name and "H100" in name:
        return None
    for k, v in HW:
        if k in name:
            return v
    return None

def mllog(text):
    out = []
    for line in text.splitlines():
        i = line.find(":::MLLOG ")
        if i >= 0:
            try:
                out.append(json.loads(line[i + 9:]))
            except json.JSONDecodeError:
                pass
    return out

def env_of(path, seen=None):
    seen = seen or set()
    if path in seen:
        return {}
    seen.add(path)
    text = show(path)
    env = {}
    d = path.rsplit("/", 1)[0]
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r"source\s+\$\(dirname \$\{BASH_SOURCE\[0\]\}\)/(\S+)", line)
        if m:
            env.update(env_of(f"{d}/{m.group(1)}", seen)); continue
        m = re.match(r"export\s+([A-Z0-9_]+)=\"?([^\"#\s;]*)", line)
        if m:
            env[m.group(1)] = m.group(2)
    return env

def config_for(org, bench, system, nodes, per):
    impl = [f for f in files if f.startswith(f"{org}/benchmarks/{bench}/implementations/")]
    dirs = sorted({f.split("/")[4] for f in impl})
    cand = [d for d in dirs if d == system] or [d for d in dirs if d.startswith(system) or system.startswith(d)]
    for d in cand:
        base = f"{org}/benchmarks/{bench}/implementations/{d}"
        for readme in [f for f in impl if f.startswith(base + "/") and re.search(r"README[^/]*\.md$", f)]:
            found = []
            for m in re.finditer(r"((?:benchmarks/[A-Za-z0-9_.\-/]+/)?config_[A-Za-z0-9_.\-]+\.sh)", show(readme)):
                ref = m.group(1)
                # a path from the submission root ("benchmarks/.../config_x.sh") or a name beside the README
                path = f"{org}/{ref}" if ref.startswith("benchmarks/") else f"{base}/{ref}"
                name = ref.rsplit("/", 1)[-1]
                # the script must be for this size: its name carries nodes x GPUs per node ("..._64x8x...")
                if path in files and any(int(a) == nodes and int(b) == per for a, b in re.findall(r"(\d+)x(\d+)", name)):
                    found.append(path)
            if found:
                return found[0], readme
        cfgs = [f for f in impl if f.startswith(base + "/") and re.search(r"/config_[^/]*\.sh$", f) and "common" not in f and "mounts" not in f
                and any(int(a) == nodes and int(b) == per for a, b in re.findall(r"(\d+)x(\d+)", f.rsplit("/", 1)[1]))]
        if len(cfgs) == 1:
            return cfgs[0], None
    return None, None

rows = []
results = sorted({tuple(f.split("/")[:4]) for f in files if re.match(r"[^/]+/results/[^/]+/[^/]+/result_\d+\.txt$", f)})
for org, _, system, bench in results:
    if bench not in BENCH:
        continue
    sysj = json.loads(show(f"{org}/systems/{system}.json") or "{}")
    hw = hw_of(sysj.get("accelerator_model_name", ""))
    if not hw:
        continue
    nodes, per = int(sysj["number_of_nodes"]), int(sysj["accelerators_per_node"])
    chips = nodes * per
    samples = secs = 0.0; gbs = seq = None; nruns = 0; platform = ""; step_times = []
    for f in sorted(x for x in files if x.startswith(f"{org}/results/{system}/{bench}/result_")):
        ev = mllog(show(f))
        for e in ev:
            if e["key"] == "global_batch_size": gbs = e["value"]
            if e["key"] == "max_sequence_length": seq = e["value"]
            if e["key"] == "submission_platform": platform = e["value"]
        blocks = []; start = None
        for e in ev:
            if e["key"] == "block_start": start = e
            elif e["key"] == "block_stop" and start is not None:
                m0, m1 = start["metadata"], e["metadata"]
                if (m1.get("samples_count") or 0) > (m0.get("samples_count") or 0):
                    n = m1["samples_count"] - m0["samples_count"]  # cumulative counts (start, stop)
                else:
                    n = m1.get("samples_count")                  # the block's own count, logged at both ends
                dt = (e["time_ms"] - start["time_ms"]) / 1000
                if n and dt > 0: blocks.append((n, dt))
                start = None
        steps = [e["value"]["train_step_time"] for e in ev if e["key"] == "tracked_stats"
                 and isinstance(e.get("value"), dict) and "train_step_time" in e["value"]]
        if steps and gbs:
            step_times.extend(steps[1:] if len(steps) > 1 else steps)
            nruns += 1
            continue
        use = blocks[1:] if len(blocks) > 1 else blocks
        if use:
            nruns += 1
            samples += sum(b[0] for b in use); secs += sum(b[1] for b in use)
    if step_times and gbs:
        med = statistics.median(step_times)
        sps = gbs / med
        how = (f"median train_step_time {med:.4f} s over {len(step_times)} logged steps (first logged step of each run dropped) "
               f"= {gbs} sequences / {med:.4f} s = {sps:.3f} samples/s")
    elif gbs and seq and secs:
        sps = samples / secs
        how = f"{samples:.0f} samples in {secs:.1f} s of timed training blocks = {sps:.3f} samples/s"
    else:
        continue
    if not seq:
        continue
    tpc = sps * seq / chips
    cfg, readme = config_for(org, bench, system, nodes, per)
    par = {}; prec = {}; mbs = None; cfgnote = "no config script could be pinned: layout omitted"
    if cfg:
        env = env_of(cfg)
        g = lambda *ks: next((int(env[k]) for k in ks if k in env and env[k].isdigit()), None)
        tp, pp, cp = g("TENSOR_MODEL_PARALLEL", "TP"), g("PIPELINE_MODEL_PARALLEL", "PP"), g("CONTEXT_PARALLEL", "CP")
        vp = g("INTERLEAVED_PIPELINE")
        mbs = g("MICRO_BATCH_SIZE", "MBS")
        if tp: par["tp"] = tp
        if pp: par["pp"] = pp
        if cp: par["cp"] = cp
        if vp and (pp or 1) > 1: par["vp"] = vp
        if tp and pp and cp and chips % (tp * pp * cp) == 0:
            par["dp"] = chips // (tp * pp * cp)
        if env.get("FP4") == "True": prec = {"compute": "fp4", "recipe": env.get("FP4_RECIPE", "FP4")}
        elif env.get("FP8") == "True": prec = {"compute": "fp8", "recipe": f"FP8 {env.get('FP8_RECIPE', '')}".strip()}
        cfgnote = f"layout from {cfg}" + (f" (named in {readme})" if readme else " (the only config script in its folder)")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{bench}-{org}-{system}".lower()).strip("-")
    wl = {"sequenceLength": seq, "globalBatch": gbs, "globalBatchTokens": gbs * seq}
    if mbs: wl["microBatch"] = mbs
    row = {"id": f"mlperf-training-{rnd}/{slug}", "group": "training", "hardware": hw, "chips": chips}
    if par: row["parallelism"] = par
    row.update({"model": BENCH[bench]})
    # a missing precision must not read as BF16: say it is unknown (readers skip such rows for precision-specific fits)
    row["precision"] = prec or {"compute": "unknown"}
    row.update({"engine": {"name": "megatron" if "nemo" in (sysj.get("framework", "") + system).lower() else "pytorch",
                           "version": sysj.get("framework", "")},
                "workload": wl,
                "metric": {"name": "tokens_per_second_per_chip", "value": round(tpc, 1), "unit": "token/s", "stat": "mean"},
                "exactness": "derived",
                "note": (f"MLPerf Training {rnd} closed, {org}, system {system} ({sysj.get('system_name', '').strip()}; {nodes} nodes x {per} "
                         f"{sysj.get('accelerator_model_name')}), benchmark {bench} (pre-training). Derived from {nruns} run log(s) "
                         f"{org}/results/{system}/{bench}/result_*.txt: {how}; x {seq} tokens / {chips} chips. global_batch_size {gbs}. {cfgnote}.")})
    rows.append(row)

if len(sys.argv) > 4:
    prev = json.load(open(sys.argv[4]))["rows"]
    key = lambda r: (r["hardware"], r["chips"], r["workload"]["globalBatch"], r["metric"]["value"])
    seen = {key(r) for r in prev}
    rows = [r for r in rows if key(r) not in seen]

doc = {"source": {"id": f"mlperf-training-{rnd}", "title": f"MLPerf Training {rnd} results (closed division), LLM pre-training runs",
                  "kind": "mlperf-training", "url": f"https://github.com/mlcommons/training_results_{rnd}",
                  "repo": f"mlcommons/training_results_{rnd}", "path": "<org>/results/<system>/<benchmark>/result_*.txt; <org>/systems/<system>.json; <org>/benchmarks/<benchmark>/implementations/",
                  "commit": commit, "published": published, "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
