#!/usr/bin/env python3
"""Builds data/measurements/vllm-blog.json: benchmark results the vLLM team published on blog.vllm.ai.

Usage: python3 vllm_blog.py > out.json

Posts and the figures read from their text (stored copies of the pages; numbers as printed):
 1. "DeepSeek-V3.2 on GB300: Performance Breakthrough", https://blog.vllm.ai/2026/02/13/gb300-deepseek.html
    (vLLM v0.14.1, CUDA 13.0, `vllm bench serve`). Two GB300 GPUs (288 GB each):
    - DeepSeek-R1-0528 NVFP4, EP 2: prefill-only (ISL 2K, OSL 1, batch 256) 22476 tokens per GPU per second;
      mixed (ISL 2k, OSL 1k) 3072 output tokens per GPU per second;
    - DeepSeek-V3.2 NVFP4, TP 2: prefill-only 7360 tokens per GPU per second; mixed (2k/1k) 2816 output tokens per GPU
      per second. The mixed-scenario concurrency is not given in the text read, so those rows carry the lengths only.
 2. "Driving vLLM WideEP and Large-Scale Serving Toward Maturity on Blackwell (Part I)",
    https://blog.vllm.ai/2026/02/03/dsr1-gb200-part1.html: DeepSeek R1/V3 on GB200, 2K input / 2K output, 26.2K prefill
    tokens per GPU second and 10.1K decode tokens per GPU second, "4 prefill instances (each with 2 GB200) and 1 decode
    instance (with 8 GB200), all utilizing a combination of data-parallelism (DP) and expert-parallelism (EP)";
    lower-precision operations (NVFP4 and FP8 GEMM).
"2K" is taken as 2048 tokens. "TGS"/"TPGS" = tokens per GPU per second -> tokens_per_second_per_chip.

Engine settings the posts state (inputs of `roofline validate`):
 - Post 1's commands (`vllm serve nvidia/DeepSeek-V3.2-NVFP4 -tp 2`, EP 2 as `-dp=2 --enable-expert-parallel`) pass no
   --enable-dbo, and vLLM's ParallelConfig.enable_dbo ("Enable dual batch overlap for the model executor") defaults to
   False (vllm/config/parallel.py): engine.dualBatchOverlap = false, the expert exchange and all-reduces are not hidden
   behind another micro-batch's compute. Post 2 lists "compute-communication overlap ... more aggressive overlapping
   strategies" as future work without saying what ran, so its rows carry no such field.
 - Post 2: "NVFP4 MoE Dispatch: ... quantizing token activations to FP4 before the all-to-all communication":
   precision.dispatch = "nvfp4" (4-bit values with one FP8 scale per 16). And "Weight Offloading v2 ... For DeepSeek-R1
   prefill serving, we offload one of every two MoE GEMM weights" (copied to the GPU a layer ahead, overlapped with
   compute): the prefill row's engine.offloadedExpertShare = 0.5, so the batch that fits is sized without them.
"""
import json, sys

P1 = "https://blog.vllm.ai/2026/02/13/gb300-deepseek.html"
P2 = "https://blog.vllm.ai/2026/02/03/dsr1-gb200-part1.html"
# The posts serve NVIDIA's NVFP4 checkpoints (nvidia/DeepSeek-R1-0528-NVFP4, nvidia/DeepSeek-V3.2-NVFP4). Their recipe
# (NVIDIA Model Optimizer examples/deepseek/ptq.py) disables quantisation of "*attn*" and "*head*": attention projections
# and the output head stay BF16, the MLPs (routed and shared experts, dense FFN layers) are NVFP4. `dense` names that
# wider precision; roofline validate keeps the MLPs' share at FP4.
RECIPE = ("NVIDIA Model Optimizer examples/deepseek/ptq.py (the NVFP4 checkpoints' recipe): \"*attn*\" and \"*head*\" "
          "quantisers disabled, so attention projections and the output head stay BF16")
FP4 = {"weights": "fp4", "compute": "fp4", "dense": "bf16", "denseSource": RECIPE, "recipe": "NVFP4 checkpoint (FlashInfer FP4 MoE)"}
FP4_FP8 = {"weights": "fp4", "compute": "fp4", "dense": "fp8",
           "denseSource": "the post: 'NVFP4 and FP8 GEMM'; which linears run FP8 is not stated: taken as those NVIDIA's NVFP4 recipe leaves outside FP4 (attention projections, output head), a stand-in",
           "recipe": "NVFP4 and FP8 GEMM (lower-precision operations)", "dispatch": "nvfp4",
           "dispatchSource": "the post: 'NVFP4 MoE Dispatch ... quantizing token activations to FP4 before the all-to-all communication'"}
E1 = {"name": "vllm", "version": "0.14.1", "dualBatchOverlap": False}
E2 = {"name": "vllm", "version": "main, early 2026 (DP + EP, disaggregated prefill/decode)"}
rows = [
    {"id": "vllm-blog/gb300-deepseek-r1-nvfp4-ep2-prefill-only", "group": "prefill", "hardware": "nvidia-gb300-nvl72", "chips": 2,
     "parallelism": {"ep": 2}, "model": "deepseek-r1", "precision": FP4, "engine": E1,
     "workload": {"inputTokens": 2048, "outputTokens": 1, "batch": 256},
     "metric": {"name": "tokens_per_second_per_chip", "value": 22476.0, "unit": "token/s", "stat": "mean"}, "exactness": "exact",
     "note": f"{P1}: 'with 2x GB300 GPUs, DeepSeek-R1 (NVFP4 + EP2) can achieve a throughput of 22476 TGS (ISL=2K,OSL=1,batch=256) in a prefill-only scenario'. Input tokens per GPU per second."},
    {"id": "vllm-blog/gb300-deepseek-r1-nvfp4-ep2-mixed-2k-1k", "group": "e2e", "hardware": "nvidia-gb300-nvl72", "chips": 2,
     "parallelism": {"ep": 2}, "model": "deepseek-r1", "precision": FP4, "engine": E1,
     "workload": {"inputTokens": 2048, "outputTokens": 1024},
     "metric": {"name": "tokens_per_second_per_chip", "value": 3072.0, "unit": "token/s", "stat": "mean"}, "exactness": "exact",
     "note": f"{P1}: DeepSeek-R1 NVFP4, EP 2 on 2 GB300: 'reach 3072 TGS in a mixed-context scenario (ISL=2k,OSL=1k)' (output tokens per GPU per second). Concurrency not stated in the text read."},
    {"id": "vllm-blog/gb300-deepseek-v3.2-nvfp4-tp2-prefill-only", "group": "prefill", "hardware": "nvidia-gb300-nvl72", "chips": 2,
     "parallelism": {"tp": 2}, "model": "deepseek-v3.2", "precision": FP4, "engine": E1,
     "workload": {"inputTokens": 2048, "outputTokens": 1, "batch": 64},
     "metric": {"name": "tokens_per_second_per_chip", "value": 7360.0, "unit": "token/s", "stat": "mean"}, "exactness": "exact",
     "note": f"{P1}: 'DeepSeek-V3.2 (NVFP4 + TP2) ... achieves a single-GPU throughput of 7360 TGS (tokens / GPU / second) in a prefill-only scenario'; section 'FP8 vs. FP4': 'In prefill-only scenarios (ISL=2k, OSL=1, batch=64), TP2 ... achieves up to 7360 TGS total throughput' (batch 64)."},
    {"id": "vllm-blog/gb300-deepseek-v3.2-nvfp4-tp2-mixed-2k-1k", "group": "e2e", "hardware": "nvidia-gb300-nvl72", "chips": 2,
     "parallelism": {"tp": 2}, "model": "deepseek-v3.2", "precision": FP4, "engine": E1,
     "workload": {"inputTokens": 2048, "outputTokens": 1024},
     "metric": {"name": "tokens_per_second_per_chip", "value": 2816.0, "unit": "token/s", "stat": "mean"}, "exactness": "exact",
     "note": f"{P1}: 'In a mixed-context scenario (ISL=2k,OSL=1k), the output throughput is 2816 TGS' for DeepSeek-V3.2 NVFP4 TP 2 on 2 GB300. Concurrency not stated in the text read."},
    {"id": "vllm-blog/gb200-deepseek-prefill-2x-instance", "group": "prefill", "hardware": "nvidia-gb200-nvl72", "chips": 2,
     "parallelism": {"dp": 2, "ep": 2}, "model": "deepseek-r1",
     "precision": FP4_FP8, "engine": {**E2, "offloadedExpertShare": 0.5, "offloadSource": "the post: 'For DeepSeek-R1 prefill serving, we offload one of every two MoE GEMM weights' (weight offloading v2, onloaded a layer ahead)"},
     "workload": {"inputTokens": 2048, "outputTokens": 2048},
     "metric": {"name": "tokens_per_second_per_chip", "value": 26200.0, "unit": "token/s", "stat": "mean"}, "exactness": "exact",
     "note": f"{P2}: '26.2K prefill TPGS (tokens per GPU second) ... on GB200 using workload of 2K input tokens and 2K output tokens', '4 prefill instances (each with 2 GB200)', DP + EP. The row is one prefill instance of 2 GPUs (value per GPU, printed as 26.2K)."},
    {"id": "vllm-blog/gb200-deepseek-decode-8x-instance", "group": "moe-multinode", "hardware": "nvidia-gb200-nvl72", "chips": 8,
     "parallelism": {"dp": 8, "ep": 8}, "model": "deepseek-r1",
     "precision": FP4_FP8, "engine": E2,
     "workload": {"inputTokens": 2048, "outputTokens": 2048},
     "metric": {"name": "tokens_per_second_per_chip", "value": 10100.0, "unit": "token/s", "stat": "mean"}, "exactness": "exact",
     "note": f"{P2}: '10.1K decode TPGS on GB200 using workload of 2K input tokens and 2K output tokens', '1 decode instance (with 8 GB200)', DP + EP: experts over 8 GPUs in two 4-GPU GB200 trays (one NVLink domain). Value printed as 10.1K."},
]
doc = {"source": {"id": "vllm-blog", "title": "vLLM blog: published DeepSeek benchmark results on GB300 and GB200 (2026)",
                  "kind": "vllm-benchmarks", "url": P1, "published": "2026-02-13", "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
