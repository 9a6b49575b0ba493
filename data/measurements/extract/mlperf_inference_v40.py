#!/usr/bin/env python3
"""Builds data/measurements/mlperf-inference-v4.0.json: MLPerf Inference v4.0 (closed, datacenter) llama2-70b runs
whose performance logs could be read from mlcommons/inference_results_v4.0 at commit
3c4a1cf196b70175cfe7c59e067cd1d923aa4f3f (the repository is too large to mirror here; files were read one by one).

Usage: python3 mlperf_inference_v40.py > out.json

Read: closed/NVIDIA/results/DGX-H100_H100-SXM-80GBx2_TRT/llama2-70b-99.9/{Offline,Server}/performance/run_1/
mlperf_log_summary.txt (NVIDIA, 2 x H100-SXM-80GB, TensorRT-LLM). Values are copied from those logs:
 - Offline: "Tokens per second: 5539.47", "Samples per second: 18.9752" (all 24,576 samples queued at once);
 - Server: "Completed samples per second : 18.06", "Completed tokens per second : 5271.98",
   "Mean latency (ns) : 38953412396", "Mean First Token latency (ns) : 359334888",
   "Mean Time to Output Token (ns) : 133326973"; limits ttft_latency 2 s, tpot_latency 0.2 s (p99).
Mean generated tokens per sample = tokens/s / samples/s of the same run (derived); mean in-flight requests in Server
= completed samples/s x mean latency (Little's law, derived). The weight precision is not stated in these two files
and is left out. Model: configs/llama-2-70b.json.
"""
import json, sys

C = "3c4a1cf196b70175cfe7c59e067cd1d923aa4f3f"
BASE = "closed/NVIDIA/results/DGX-H100_H100-SXM-80GBx2_TRT/llama2-70b-99.9"
common = {"hardware": "nvidia-h100-sxm5-80gb", "chips": 2, "model": "configs/llama-2-70b.json",
          "engine": {"name": "trt-llm", "version": "NVIDIA MLPerf Inference v4.0 submission (TensorRT-LLM)"}}
off_tps, off_sps = 5539.47, 18.9752
srv_sps, srv_tps, srv_lat, srv_ttft, srv_tpot = 18.06, 5271.98, 38953412396, 359334888, 133326973
srv_wl = {"outputTokens": round(srv_tps / srv_sps, 1), "requestRate": srv_sps, "concurrency": round(srv_sps * srv_lat / 1e9, 1)}
srv_note = (f"MLPerf Inference v4.0 closed/datacenter, NVIDIA DGX-H100 2 x H100-SXM-80GB, llama2-70b-99.9, Server: Poisson arrivals "
            f"(target_qps 18.4) under p99 TTFT <= 2 s and p99 TPOT <= 0.2 s. Read from {BASE}/Server/performance/run_1/mlperf_log_summary.txt. "
            f"outputTokens = {srv_tps} / {srv_sps} (derived); concurrency = {srv_sps} x {srv_lat/1e9:.3f} s (Little's law, derived).")
rows = [
    {**common, "id": "mlperf-inference-v4.0/llama2-70b-99.9-nvidia-2xh100-offline-tokens", "group": "e2e",
     "workload": {"outputTokens": round(off_tps / off_sps, 1)},
     "metric": {"name": "output_tokens_per_second", "value": off_tps, "unit": "token/s", "stat": "total"}, "exactness": "exact",
     "note": (f"MLPerf Inference v4.0 closed/datacenter, NVIDIA DGX-H100 2 x H100-SXM-80GB, llama2-70b-99.9, Offline (all 24,576 samples "
              f"queued at once: large batch). Read from {BASE}/Offline/performance/run_1/mlperf_log_summary.txt. outputTokens = "
              f"{off_tps} / {off_sps} (derived).")},
    {**common, "id": "mlperf-inference-v4.0/llama2-70b-99.9-nvidia-2xh100-server-tokens", "group": "e2e", "workload": srv_wl,
     "metric": {"name": "output_tokens_per_second", "value": srv_tps, "unit": "token/s", "stat": "total"}, "exactness": "exact", "note": srv_note},
    {**common, "id": "mlperf-inference-v4.0/llama2-70b-99.9-nvidia-2xh100-server-tpot", "group": "decode-large-batch", "workload": srv_wl,
     "metric": {"name": "tpot_seconds", "value": srv_tpot / 1e9, "unit": "s", "stat": "mean"}, "exactness": "exact",
     "note": srv_note + " Mean Time to Output Token (ns) / 1e9."},
    {**common, "id": "mlperf-inference-v4.0/llama2-70b-99.9-nvidia-2xh100-server-ttft", "group": "prefill", "workload": srv_wl,
     "metric": {"name": "ttft_seconds", "value": srv_ttft / 1e9, "unit": "s", "stat": "mean"}, "exactness": "exact",
     "note": srv_note + " Mean First Token latency (ns) / 1e9; includes queueing under load."},
]
doc = {"source": {"id": "mlperf-inference-v4.0", "title": "MLPerf Inference v4.0 datacenter results (closed division): NVIDIA 2 x H100 llama2-70b",
                  "kind": "mlperf-inference", "url": "https://github.com/mlcommons/inference_results_v4.0",
                  "repo": "mlcommons/inference_results_v4.0", "path": BASE + "/{Offline,Server}/performance/run_1/mlperf_log_summary.txt",
                  "commit": C, "published": "2024-03-27", "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
