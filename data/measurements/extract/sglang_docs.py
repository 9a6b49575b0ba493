#!/usr/bin/env python3
"""Builds data/measurements/sglang-docs.json from benchmark documents in sgl-project/sglang.

Usage: python3 sglang_docs.py <benchmark_vllm_060/README.md as text> > out.json
(the file at the commit named below; its tables are parsed, not retyped).

benchmark/benchmark_vllm_060/README.md: SGLang v0.3.0 and vLLM v0.6.0 (multi-step 10), both run by the SGLang team
with sglang.bench_serving on the ShareGPT dataset. Llama 3.1 8B Instruct on 1 x A100 80G (TP 1) and Llama 3.1 70B
Instruct on 4 x H100 80G (TP 4), BF16 weights (the model paths are the BF16 Meta checkpoints). "A100 80G" and
"H100 80G" are mapped to the catalog's SXM parts (an assumption: the page does not name the form factor).
 - Online tables (request rate 4 and 8 req/s, Poisson): median TTFT -> group prefill (ttft_seconds, median);
   median TPOT -> decode (tpot_seconds, median). Values in the table are milliseconds; rows store seconds.
   Mean requests in flight is derived by Little's law with the median end-to-end latency standing in for the mean
   (rate x median E2E); rows with <= 8 in flight are decode-small-batch, the others decode-large-batch.
 - Offline tables (all 5000 prompts at once): output token throughput -> e2e, output_tokens_per_second, total.
ShareGPT lengths are not printed; the mean generated length per request is derived from the offline table as
output token throughput / request throughput (194.3 tokens for both models), the mean prompt length is unknown.
"""
import json, re, sys

text = open(sys.argv[1]).read()
COMMIT = "120affb9613cc3f5bcd055ec09c7621d3ced0ebc"
PATH = "benchmark/benchmark_vllm_060/README.md"
SETUPS = {
    "Llama 3.1 8B Instruct 1 x A100 80G": ("llama-3.1-8b", "nvidia-a100-sxm4-80gb", 1, 1),
    "Llama 3.1 70B Instruct 4 x H100 80G": ("llama-3.1-70b", "nvidia-h100-sxm5-80gb", 4, 4),
}
VERS = {"SGLang": ("sglang", "0.3.0"), "vLLM": ("vllm", "0.6.0 (--num-scheduler-steps 10)")}

def cells(line):
    return [c.strip().strip("*") for c in line.strip().strip("|").split("|")]

section = None; title = None; header = None
online, offline = [], []
for line in text.splitlines():
    if line.startswith("## "):
        section = line[3:].strip(); continue
    if line.startswith("### "):
        title = line[4:].strip(); header = None; continue
    if line.startswith("| RPS"):
        header = cells(line); continue
    if line.startswith("|--") or not line.startswith("|") or not header:
        continue
    d = dict(zip(header, cells(line)))
    if section == "Online benchmark results":
        online.append((title, d, line.strip()))
    elif section == "Offline benchmark results":
        offline.append((title, d, line.strip()))

out_len = {}
for title, d, _ in offline:
    out_len.setdefault(title, []).append(float(d["Output token throughput"]) / float(d["Request throughput"]))

rows = []
def base(title, eng):
    model, hw, chips, tp = SETUPS[title]
    name, ver = VERS[eng]
    return {"hardware": hw, "chips": chips, "parallelism": {"tp": tp}, "model": model,
            "precision": {"weights": "bf16", "kv": "bf16", "compute": "bf16"}, "engine": {"name": name, "version": ver}}

for title, d, line in offline:
    b = base(title, d["Engine"]); mean_out = round(float(d["Output token throughput"]) / float(d["Request throughput"]), 1)
    rows.append({**b, "id": f"sglang-docs/{b['model']}-{b['engine']['name']}-offline-{d['Num Prompts']}",
        "group": "e2e", "workload": {"outputTokens": mean_out},
        "metric": {"name": "output_tokens_per_second", "value": float(d["Output token throughput"]), "unit": "token/s", "stat": "total"},
        "exactness": "read-from-table",
        "note": f"{PATH}, Offline benchmark results, '{title}': {line} . ShareGPT, all {d['Num Prompts']} prompts sent at once (request rate inf). outputTokens = output token throughput / request throughput (derived)."})

for title, d, line in online:
    b = base(title, d["Engine"]); rps = float(d["RPS"]); e2e = float(d["Median E2E Latency"]) / 1000
    conc = round(rps * e2e, 1)
    mean_out = round(sum(out_len[title]) / len(out_len[title]), 1)
    wl = {"requestRate": rps, "concurrency": conc, "outputTokens": mean_out}
    common = (f"{PATH}, Online benchmark results, '{title}': {line} (milliseconds). ShareGPT, {d['Num prompts' if 'Num prompts' in d else 'Num Prompts']} prompts, Poisson arrivals at {rps:g} req/s. "
              f"concurrency = {rps:g} req/s x median E2E {e2e:.3f} s (Little's law with the median, derived); outputTokens = mean generated tokens per ShareGPT request from the offline table of the same page (derived).")
    slug = f"{b['model']}-{b['engine']['name']}-rps{int(rps)}"
    rows.append({**b, "id": f"sglang-docs/{slug}-tpot", "group": "decode-small-batch" if conc <= 8 else "decode-large-batch",
        "workload": wl, "metric": {"name": "tpot_seconds", "value": round(float(d["Median TPOT"]) / 1000, 9), "unit": "s", "stat": "median"},
        "exactness": "read-from-table", "note": common + " Median TPOT / 1000."})
    rows.append({**b, "id": f"sglang-docs/{slug}-ttft", "group": "prefill",
        "workload": wl, "metric": {"name": "ttft_seconds", "value": round(float(d["Median TTFT"]) / 1000, 9), "unit": "s", "stat": "median"},
        "exactness": "read-from-table", "note": common + " Median TTFT / 1000; includes any queueing at this load."})

doc = {
    "source": {"id": "sglang-docs", "title": "SGLang repository benchmark documents (benchmark/benchmark_vllm_060)", "kind": "sglang-docs",
               "url": f"https://github.com/sgl-project/sglang/blob/{COMMIT}/{PATH}",
               "repo": "sgl-project/sglang", "path": PATH, "commit": COMMIT,
               "accessed": "2026-11-27", "notes": __doc__.strip()},
    "rows": rows,
}
json.dump(doc, sys.stdout, indent=1); print()
