#!/usr/bin/env python3
"""Builds data/measurements/nim-benchmarks.json from NVIDIA's NIM LLM benchmarking performance page.

Usage: python3 nim_benchmarks.py > out.json

Source: https://docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance.md (NIM LLMs Benchmarking 1.0.0,
"Performance": latency and throughput of Llama models served by NIM, measured with AIPerf at fixed concurrency).
Only tables whose headings (NIM version, GPUs, precision and TP, input/output tokens) could be read with them are
used: Llama-3.3-70b-instruct, NIM 1.8.0, 2 x H100 80G, fp8 TP2, 5000 input / 500 output tokens (all eight
concurrencies) and the first row of its 500 input / 2000 output table. Tables on the same page whose headings
could not be read with their rows (Llama 3.1 8B and 70B) are left out rather than guessed.
Columns: TTFT (ms) -> ttft_seconds (prefill; at concurrency 1 a lone 5000-token prefill), ITL (ms) ->
tpot_seconds (inter-token latency; decode-small-batch at concurrency <= 8, else decode-large-batch),
Throughput (Tokens/s) -> output_tokens_per_second, stat total (group e2e). Values in ms are stored in seconds.
Llama 3.3 70B has the layer shapes of Llama 3.1 70B (the catalog model used here). '2 x H100 80G' is mapped to the catalog's
H100 SXM5 80GB: an assumption (the page's Hardware Specifications section was not read with these tables).

Engine: NIM's optimized profiles are pre-built TensorRT-LLM engines, chosen over vLLM when the GPUs match (NIM for LLMs
docs, "Optimization" and "Model Profiles"); the Llama 3.3 70B NIM's 2 x H100 SXM FP8 profile is
tensorrt_llm-h100-fp8-tp2-pp1-throughput (NVIDIA's AI-Q research assistant blueprint docs list it for
llama-3.3-70b-instruct:1.13.1). The replay (packages/core/src/efficiency/validate.ts) therefore gives NIM rows
TensorRT-LLM's defaults: KV pool 0.9 of the memory the weights leave free, GUARANTEED_NO_EVICT admission.

KV-cache precision (precision.kv "fp8", precision.kvSource): NOT stated by any NIM document read (nor by the page); an
ASSUMED prior, not a measurement of this run: NIM's FP8 profile is assumed to follow NVIDIA's own FP8 post-training
quantization recipe, whose KV-cache format defaults to FP8 (NVIDIA/TensorRT-Model-Optimizer examples/llm_ptq/hf_ptq.py at
commit 42bb0236e34a11b5fb3860369fa0c68e14c784a0: the KV-cache format argument has default "fp8", "default to fp8 if not
provided"), as TensorRT-LLM's own Llama 3.3 70B FP8 quick-start recipe also sets (kv_cache_config dtype fp8,
docs/source/deployment-guide/quick-start-recipe-for-llama3.3-70b-on-trtllm.md at 0f34bf05). Against it: NVIDIA's
Llama-3.1-405B-Instruct-FP8 model card (ModelOpt 0.15.1) says only the linear operators' weights and activations are
quantized. The prior is not chosen from these rows' measured values; with a BF16 cache instead the replay holds ~44
requests at c >= 100 (NIM LOSO median 24.5%, p90 149% at the session's start).
"""
import json, sys

URL = "https://docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance.md"
# (input, output, concurrency, TTFT ms, ITL ms, throughput tokens/s) as printed
TABLE = [
    (5000, 500, 1, 406.77, 18.58, 51.67),
    (5000, 500, 5, 546.7, 21.83, 218.48),
    (5000, 500, 25, 688.69, 38.75, 623.4),
    (5000, 500, 50, 834.51, 59.73, 814.37),
    (5000, 500, 100, 7996.25, 92.91, 917.26),
    (5000, 500, 150, 34794.22, 92.86, 920.9),
    (5000, 500, 200, 61680.22, 93.06, 920.54),
    (5000, 500, 250, 88605.32, 93.2, 920.12),
    (500, 2000, 1, 47.77, 18.91, 52.85),
]
KV_SOURCE = ("assumed, not documented for NIM: NVIDIA's FP8 quantization recipe defaults the KV cache to FP8 (ModelOpt "
             "examples/llm_ptq/hf_ptq.py @42bb0236, KV-cache format default fp8; TensorRT-LLM's Llama 3.3 70B FP8 recipe sets "
             "kv_cache_config dtype fp8); NIM's profile is assumed to follow it")
rows = []
for isl, osl, conc, ttft, itl, tput in TABLE:
    base = {"hardware": "nvidia-h100-sxm5-80gb", "chips": 2, "parallelism": {"tp": 2}, "model": "llama-3.1-70b",
            "precision": {"weights": "fp8", "kv": "fp8", "compute": "fp8", "kvSource": KV_SOURCE}, "engine": {"name": "nim", "version": "NIM Llama-3.3-70b-instruct 1.8.0"},
            "workload": {"concurrency": conc, "inputTokens": isl, "outputTokens": osl}}
    line = f"| {conc} | {ttft} | {itl} | {tput} |"
    where = (f"{URL}: 'Llama-3.3-70b-instruct Results' > 'Version: 1.8.0' > '2 x H100 80G' > 'fp8 TP2' > "
             f"'{isl} Input Tokens / {osl} Output Tokens', row {line} (Concurrency | TTFT (ms) | ITL (ms) | Throughput(Tokens/s)). "
             f"Closed-loop AIPerf load: {conc} requests kept in flight.")
    sid = f"nim-benchmarks/llama-3.3-70b-2xh100-fp8-tp2-{isl}in-{osl}out-c{conc}"
    rows.append({**base, "id": sid + "-ttft", "group": "prefill",
                 "metric": {"name": "ttft_seconds", "value": round(ttft / 1000, 9), "unit": "s", "stat": "mean"},
                 "exactness": "read-from-table", "note": where + " TTFT (ms) / 1000; above ~50 in flight it includes queueing."})
    rows.append({**base, "id": sid + "-itl", "group": "decode-small-batch" if conc <= 8 else "decode-large-batch",
                 "metric": {"name": "tpot_seconds", "value": round(itl / 1000, 9), "unit": "s", "stat": "mean"},
                 "exactness": "read-from-table", "note": where + " ITL (ms) / 1000 (inter-token latency, the decode step seen by one request)."})
    rows.append({**base, "id": sid + "-tput", "group": "e2e",
                 "metric": {"name": "output_tokens_per_second", "value": tput, "unit": "token/s", "stat": "total"},
                 "exactness": "read-from-table", "note": where + " Throughput(Tokens/s) is the output-token throughput of the whole deployment."})

doc = {"source": {"id": "nim-benchmarks", "title": "NVIDIA NIM LLMs Benchmarking 1.0.0: Performance (Llama 3.3 70B on 2 x H100)",
                  "kind": "nim-benchmarks", "url": URL, "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
