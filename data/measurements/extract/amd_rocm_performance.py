#!/usr/bin/env python3
"""Builds data/measurements/amd-rocm-performance.json from AMD's ROCm performance results page for vLLM.

Usage: python3 amd_rocm_performance.py > out.json

Source: https://www.amd.com/en/developer/resources/rocm-hub/dev-ai/performance-results.html ("Performance results"
on AMD's ROCm developer hub; the page is replaced with each ROCm vLLM container, and its localized copies
(/zh-cn/, /ja/, /fr/) kept earlier editions). Each edition names its container and release date; all are
8 x MI300X (192 GB HBM3, 750 W) in a dual EPYC 9554 server, vLLM, FP8 checkpoints with FP8 KV cache
(amd/Llama-3.1-70B-Instruct-FP8-KV, amd/Llama-3.1-405B-Instruct-FP8-KV), TP 8.
 - Throughput tables (client fed at an infinite rate, all prompts at once, "Max Num Seqs" = prompts): the page does
   not say whether "Throughput (tokens/s)" counts prompt tokens. Only the 128-token-input rows are kept (128/2048
   and 128/4096), where total and output throughput differ by at most 6.25% and 3.1%; they are recorded as
   output_tokens_per_second with that caveat. Rows with 500- and 2048-token inputs are left out.
 - Latency tables (a batch of B prompts, 128 in / 2048 out, time to finish): recorded as tpot_seconds derived as
   latency / 2048 output tokens (it includes one 128-token prefill per batch, under 1% of the time);
   decode-small-batch for B <= 8. Only rows whose batch size could be read with their value are used.
 - Engine settings checked against AMD's documented benchmark (ROCm docs, "vLLM inference performance testing", the
   rocm6.4.1_vllm_0.10.1_20250909 edition: `vllm bench throughput ... --kv-cache-dtype fp8 --max-num-seqs N
   --max-num-batched-tokens 131072 --max-model-len 8192 --gpu-memory-utilization 0.9`, no --async-scheduling): the page's
   "Max Num Seqs" equals the prompts, so all prompts run at once (concurrency = prompts); 131072 batched tokens and an
   8192-token model length do not bind at 128 + 4096 tokens; 0.9 of HBM is what validate assumes for vLLM. vLLM's own
   release notes (github.com/vllm-project/vllm/releases): 0.11.1 still schedules each step before the GPU runs it
   ("we expect --async-scheduling to be enabled by default in the next release"); 0.14.0 made it the default,
   overlapping scheduling with GPU execution.
 - What each container ran, from the changelog of AMD's vLLM images (ROCm/vllm docs/dev-docker/README.md, "Changelog";
   read at commits 040de12d and b309ea79): "V1 on by default (use VLLM_USE_V1=0 to override)" first in the 20250620
   build, so the 0.9.0.1 image of 20250605 ran vLLM's V0 engine and every later one V1; AITER off by default ("the
   default value is 0") until the 0.11.1 image ("Enabled AITER by default"); VLLM_V1_USE_PREFILL_DECODE_ATTENTION
   (vLLM's split prefill / paged-attention decode path on ROCm) "enabled by default in the docker" from the 0.10.1
   image. The benchmark command passes --dtype float16 (activations FP16). Recorded in each row's note; the step does
   not model the attention kernel apart. The engine generation is recorded as engine.core ("v0" for the 20250605 image,
   "v1" for the later ones): validate gives vLLM V1 before 0.14, which schedules each step before running it, the
   scheduling share of vLLM's v0.6.0 profile as host time per sequence (a prior, not fitted). Measured step times (prompts / throughput) differ
   little between the V1 images (70B 128/2048: 232-253 ms; 128/4096: 129-139 ms), while the V0 image is 15-20% faster
   on 70B (193 and 110 ms) and 2-11% on 405B.
"""
import json, sys

URL = "https://www.amd.com/en/developer/resources/rocm-hub/dev-ai/performance-results.html"
EDITIONS = {
    # container: (vLLM version, release date as printed, page copy it was read from)
    "rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103": ("0.11.1", "2025-11-03", "https://www.amd.com/ja/developer/resources/rocm-hub/dev-ai/performance-results.html"),
    "rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006": ("0.10.2", "2025-10-06", "https://www.amd.com/zh-cn/developer/resources/rocm-hub/dev-ai/performance-results.html"),
    "rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909": ("0.10.1", "2025-09-09", "https://www.amd.com/fr/developer/resources/rocm-hub/dev-ai/performance-results.html"),
    "rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715": ("0.9.1", "2025-07-16", URL),
    "rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605": ("0.9.0.1", "2025-06-18", URL),
}
# (container, model, input, output, prompts, throughput tokens/s) as printed
THROUGHPUT = [
    ("rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103", "llama-3.1-70b", 128, 2048, 3200, 13279.6),
    ("rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103", "llama-3.1-70b", 128, 4096, 1500, 11449.7),
    ("rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103", "llama-3.1-405b", 128, 2048, 1500, 3816.8),
    ("rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103", "llama-3.1-405b", 128, 4096, 1500, 3099.6),
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-70b", 128, 2048, 3200, 13212.5),
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-70b", 128, 4096, 1500, 11312.8),
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-405b", 128, 2048, 1500, 4201.7),
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-405b", 128, 4096, 1500, 3176.3),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-70b", 128, 2048, 3200, 13818.7),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-70b", 128, 4096, 1500, 11612.0),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-405b", 128, 2048, 1500, 4134.0),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-405b", 128, 4096, 1500, 3177.6),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715", "llama-3.1-70b", 128, 2048, 3200, 12638.9),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715", "llama-3.1-70b", 128, 4096, 1500, 10756.8),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715", "llama-3.1-405b", 128, 2048, 1500, 3912.8),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715", "llama-3.1-405b", 128, 4096, 1500, 3084.7),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605", "llama-3.1-70b", 128, 2048, 3200, 16581.5),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605", "llama-3.1-70b", 128, 4096, 1500, 13667.3),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605", "llama-3.1-405b", 128, 2048, 1500, 4275.0),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605", "llama-3.1-405b", 128, 4096, 1500, 3356.7),
]
# (container, model, batch, input, output, latency s) as printed
LATENCY = [
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-70b", 1, 128, 2048, 15.882),
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-70b", 2, 128, 2048, 17.934),
    ("rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006", "llama-3.1-70b", 4, 128, 2048, 18.487),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-70b", 1, 128, 2048, 15.254),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-70b", 2, 128, 2048, 18.157),
    ("rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909", "llama-3.1-70b", 4, 128, 2048, 18.549),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715", "llama-3.1-70b", 1, 128, 2048, 17.236),
    ("rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715", "llama-3.1-70b", 2, 128, 2048, 18.057),
]
# what each container ran (ROCm/vllm docs/dev-docker/README.md changelog; see the docstring)
BUILD = {
    "rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103": "vLLM V1 engine, AITER on by default, the split prefill/decode attention flag on",
    "rocm/vllm:rocm7.0.0_vllm_0.10.2_20251006": "vLLM V1 engine, AITER off by default, the split prefill/decode attention flag on",
    "rocm/vllm:rocm6.4.1_vllm_0.10.1_20250909": "vLLM V1 engine, AITER off by default, the split prefill/decode attention flag on (first image with it)",
    "rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715": "vLLM V1 engine (on by default since AMD's 20250620 image), AITER off by default",
    "rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605": "vLLM V0 engine (AMD's images turn V1 on by default only from 20250620), AITER off by default",
}
# the engine generation each container ran (BUILD above): engine.core, which validate reads with the version
CORE = {c: ("v0" if "V0 engine" in b else "v1") for c, b in BUILD.items()}
CKPT = {"llama-3.1-70b": "amd/Llama-3.1-70B-Instruct-FP8-KV", "llama-3.1-405b": "amd/Llama-3.1-405B-Instruct-FP8-KV"}

def base(container, model):
    ver, date, page = EDITIONS[container]
    return {"hardware": "amd-mi300x", "chips": 8, "parallelism": {"tp": 8}, "model": model,
            "precision": {"weights": "fp8", "kv": "fp8", "compute": "fp8"}, "engine": {"name": "vllm", "version": f"{ver} ({container})", "core": CORE[container]}}, date, page

rows = []
for c, m, isl, osl, n, tput in THROUGHPUT:
    b, date, page = base(c, m)
    tag = c.split("vllm_")[1]
    rows.append({**b, "id": f"amd-rocm-performance/{m}-mi300x-tp8-{isl}in-{osl}out-throughput-{tag}", "group": "e2e",
                 "workload": {"inputTokens": isl, "outputTokens": osl, "concurrency": n, "prompts": n},
                 "metric": {"name": "output_tokens_per_second", "value": tput, "unit": "token/s", "stat": "total"},
                 "exactness": "read-from-table",
                 "note": (f"{page}, edition for container {c} (released {date}), Throughput Measurements: {CKPT[m]}, FP8, TP 8, "
                          f"input {isl}, output {osl}, {n} prompts, max num seqs {n}, throughput {tput} tokens/s. All prompts at once "
                          f"(concurrency = prompts, as the engine admits them). The page does not say whether prompt tokens are counted; "
                          f"with {isl}-token inputs total and output throughput differ by {100*isl/osl:.2f}% at most. Image: {BUILD[c]}.")})
for c, m, bsz, isl, osl, lat in LATENCY:
    b, date, page = base(c, m)
    tag = c.split("vllm_")[1]
    rows.append({**b, "id": f"amd-rocm-performance/{m}-mi300x-tp8-b{bsz}-latency-{tag}", "group": "decode-small-batch",
                 "workload": {"batch": bsz, "inputTokens": isl, "outputTokens": osl},
                 "metric": {"name": "tpot_seconds", "value": round(lat / osl, 9), "unit": "s", "stat": "mean"},
                 "exactness": "derived",
                 "note": (f"{page}, edition for container {c} (released {date}), Latency Measurements: {CKPT[m]}, FP8, TP 8, "
                          f"batch size {bsz}, input {isl}, output {osl}, latency {lat} s. Derived: {lat} s / {osl} output tokens "
                          f"= mean time per decode step (includes one {isl}-token prefill of the batch). Image: {BUILD[c]}.")})

doc = {"source": {"id": "amd-rocm-performance", "title": "AMD ROCm performance results: vLLM on Instinct MI300X (editions of June to November 2025)",
                  "kind": "amd-rocm-performance", "url": URL, "published": "2025-11-03", "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
