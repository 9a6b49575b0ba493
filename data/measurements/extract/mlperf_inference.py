#!/usr/bin/env python3
"""Builds data/measurements/mlperf-inference-<round>.json from a local git snapshot of
mlcommons/inference_results_<round> (read with `git show`, no work tree needed).

Usage: python3 mlperf_inference.py <git-dir> <round e.g. v5.1> <published YYYY-MM-DD> > out.json

Rows read:
  - summary_results.json (the round's own results table): closed division, datacenter suite, LLM benchmarks,
    accelerators in the roofline catalog. One submission per (benchmark, accelerator, nodes, scenario):
    the chip vendor's own (NVIDIA/AMD) if present, otherwise the highest result.
  - Offline: Performance_Result (generated tokens/s, whole system) -> group e2e, output_tokens_per_second.
  - Server/Interactive: the run's performance/run_1/mlperf_log_summary.txt -> completed tokens/s (e2e),
    mean first-token latency (prefill group, TTFT under load incl. queueing) and mean time per output
    token (decode-large-batch: many concurrent sequences). Mean in-flight requests is derived by
    Little's law = completed samples/s x mean latency.
"""
import json, re, subprocess, sys

git, rnd, published = sys.argv[1], sys.argv[2], sys.argv[3]

def show(path):
    return subprocess.run(["git", "-C", git, "show", f"HEAD:{path}"], capture_output=True, text=True).stdout

commit = subprocess.run(["git", "-C", git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
table = json.loads(show("summary_results.json"))

HW = [
    ("GB300", "nvidia-gb300-nvl72"),
    ("GB200", "nvidia-gb200-nvl72"),
    ("B200-SXM", "nvidia-b200-hgx"),
    ("H200-SXM", "nvidia-h200-sxm-141gb"),
    ("H100-SXM", "nvidia-h100-sxm5-80gb"),
    ("MI355X", "amd-mi355x"),
    ("MI325X", "amd-mi325x"),
    ("MI300X", "amd-mi300x"),
]
MODELS = {
    "llama2-70b-99": "configs/llama-2-70b.json",
    "llama2-70b": "configs/llama-2-70b.json",
    "llama3.1-405b": "llama-3.1-405b",
    "llama3.1-8b": "llama-3.1-8b",
    "mixtral-8x7b": "mixtral-8x7b",
    "deepseek-r1": "deepseek-r1",
}
ENGINE = [("vLLM", "vllm"), ("SGLang", "sglang"), ("TensorRT", "trt-llm")]

def hw_of(acc):
    if "Virtualized" in acc or "," in acc or "NVL-" in acc:
        return None
    for key, hid in HW:
        if key in acc:
            return hid
    return None

def num(text, label):
    m = re.search(re.escape(label) + r"\s*:\s*([0-9.]+)", text)
    return float(m.group(1)) if m else None

def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")

groups = {}
for r in table:
    if r.get("Category") != "closed" or r.get("Suite") != "datacenter":
        continue
    model = MODELS.get(r["Model"])
    hw = hw_of(r.get("Accelerator") or "")
    if not model or not hw or r.get("Performance_Units") != "Tokens/s":
        continue
    key = (r["Model"], hw, r["a#"], r["Nodes"], r["Scenario"])
    groups.setdefault(key, []).append(r)

def pick(rs):
    own = [r for r in rs if r["Submitter"] in ("NVIDIA", "AMD")]
    pool = own or rs
    return max(pool, key=lambda r: r["Performance_Result"])

rows = []
for key in sorted(groups):
    r = pick(groups[key])
    model_name, hw, per_node, nodes, scen = key
    chips = int(per_node) * int(nodes)
    m = re.search(r"TOKENS_PER_SAMPLE:\s*([0-9.]+)", r.get("Accuracy", ""))
    out_tokens = float(m.group(1)) if m else None
    eng = next((e for k, e in ENGINE if k in r["Software"]), "other")
    wdt = (r.get("weight_data_types") or "").lower()
    base = {
        "hardware": hw,
        "chips": chips,
        "model": MODELS[model_name],
        "precision": {"weights": wdt} if wdt else {},
        "engine": {"name": eng, "version": r["Software"]},
    }
    wl = {}
    if out_tokens:
        wl["outputTokens"] = round(out_tokens, 1)
    sid = f"mlperf-inference-{rnd}"
    stem = f"{slug(model_name)}-{slug(r['Submitter'])}-{slug(r['Platform'])}-{scen.lower()}"
    where = f"{r['Location']} (submission {r['ID']}, {r['Submitter']}, {r['System']}, {chips} accelerators = {nodes} node(s) x {per_node})"
    common_note = (f"MLPerf {rnd} closed/datacenter, {model_name}, scenario {scen}. {where}. "
                   f"outputTokens = TOKENS_PER_SAMPLE in the result's accuracy field (mean generated tokens per sample); "
                   f"input lengths are the benchmark dataset's (not restated in the results).")
    if scen == "Offline":
        summ = show(f"{r['Location']}/performance/run_1/mlperf_log_summary.txt")
        o_sps = num(summ, "Samples per second"); o_tps = num(summ, "Tokens per second")
        if o_sps and o_tps:
            wl["outputTokens"] = round(o_tps / o_sps, 1)
            common_note = common_note.replace("outputTokens = TOKENS_PER_SAMPLE in the result's accuracy field (mean generated tokens per sample)",
                f"outputTokens = Tokens per second {o_tps:g} / Samples per second {o_sps:g} of the run's mlperf_log_summary.txt (mean generated tokens per sample, derived)")
        rows.append({**base, "id": f"{sid}/{stem}-tokens", "group": "e2e",
                     "workload": wl, "metric": {"name": "output_tokens_per_second", "value": r["Performance_Result"],
                     "unit": "token/s", "stat": "total"}, "exactness": "exact",
                     "note": common_note + " Offline = all samples queued at once: throughput at large batch (batch size chosen by the submitter, not published in the table)."})
        continue
    summ = show(f"{r['Location']}/performance/run_1/mlperf_log_summary.txt")
    if not summ:
        continue
    tps = num(summ, "Completed tokens per second")
    sps = num(summ, "Completed samples per second")
    lat = num(summ, "Mean latency (ns)")
    ttft = num(summ, "Mean First Token latency (ns)")
    tpot = num(summ, "Mean Time to Output Token (ns)")
    ttft_c = num(summ, "ttft_latency (ns)")
    tpot_c = num(summ, "tpot_latency (ns)")
    qps = num(summ, "target_qps")
    wl2 = dict(wl)
    if sps and tps:
        wl2["outputTokens"] = round(tps / sps, 1)
        common_note = common_note.replace("outputTokens = TOKENS_PER_SAMPLE in the result's accuracy field (mean generated tokens per sample)",
            f"outputTokens = completed tokens/s {tps:g} / completed samples/s {sps:g} (mean generated tokens per sample, derived)")
    if sps:
        wl2["requestRate"] = sps
    if sps and lat:
        wl2["concurrency"] = round(sps * lat / 1e9, 1)
    cons = (f" {scen} scenario: Poisson arrivals at target_qps {qps}; constraints p99 TTFT <= {ttft_c/1e9:g} s and p99 TPOT <= {tpot_c/1e9:g} s (from the log's Test Parameters)."
            if ttft_c and tpot_c else f" {scen} scenario.")
    lit = (f" concurrency = completed samples/s {sps} x mean latency {lat/1e9:.3f} s (Little's law, derived)." if sps and lat else "")
    src = f" Read from {r['Location']}/performance/run_1/mlperf_log_summary.txt."
    rows.append({**base, "id": f"{sid}/{stem}-tokens", "group": "e2e", "workload": wl2,
                 "metric": {"name": "output_tokens_per_second", "value": tps, "unit": "token/s", "stat": "total"},
                 "exactness": "exact", "note": common_note + cons + lit + src})
    if tpot:
        rows.append({**base, "id": f"{sid}/{stem}-tpot", "group": "decode-large-batch", "workload": wl2,
                     "metric": {"name": "tpot_seconds", "value": round(tpot / 1e9, 12), "unit": "s", "stat": "mean"},
                     "exactness": "exact", "note": common_note + cons + lit + src + " Mean Time to Output Token (ns) / 1e9."})
    if ttft:
        rows.append({**base, "id": f"{sid}/{stem}-ttft", "group": "prefill", "workload": wl2,
                     "metric": {"name": "ttft_seconds", "value": round(ttft / 1e9, 12), "unit": "s", "stat": "mean"},
                     "exactness": "exact", "note": common_note + cons + lit + src + " Mean First Token latency (ns) / 1e9; includes queueing under load."})

for row in rows:
    if row["chips"] > 8 and row["model"] in ("deepseek-r1", "mixtral-8x7b") and row["group"] != "prefill":
        row["group"] = "moe-multinode"
        row["note"] += " MoE served across more than one 8-GPU node (experts spread over nodes)."

out = {
    "source": {
        "id": f"mlperf-inference-{rnd}",
        "title": f"MLPerf Inference {rnd} datacenter results (closed division)",
        "kind": "mlperf-inference",
        "url": f"https://github.com/mlcommons/inference_results_{rnd}",
        "repo": f"mlcommons/inference_results_{rnd}",
        "path": "summary_results.json; closed/<submitter>/results/<system>/<benchmark>/<scenario>/performance/run_1/mlperf_log_summary.txt",
        "commit": commit,
        "published": published,
        "accessed": "2026-11-27",
        "notes": __doc__.strip(),
    },
    "rows": rows,
}
json.dump(out, sys.stdout, indent=1)
print()
