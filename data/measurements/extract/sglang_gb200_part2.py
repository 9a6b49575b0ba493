#!/usr/bin/env python3
"""Builds data/measurements/sglang-gb200-part2.json from the SGLang team's post "Deploying DeepSeek on GB200 NVL72
with PD and Large Scale EP (Part II)" (2025-09-25), read from its Markdown source in lm-sys/lm-sys.github.io.

Usage: python3 sglang_gb200_part2.py > out.json

The post's figures (stated in its text): per GPU, DeepSeek V3/R1, 2000-token input sequences, prefill-decode
disaggregation on GB200 NVL72:
 - low precision (FP8 attention / FP8 KV cache, NVFP4 MoE and output projection): 26,156 input tokens/s per GPU in
   prefill, 13,386 output tokens/s per GPU in decode;
 - original precision (BF16 attention, FP8 MoE): 18,471 input and 9,087 output tokens/s per GPU.
 - "For decode, we use 48 ranks, i.e. large scale EP; for prefill, we use 4 ranks per instance for high-precision
   and 2 for low-precision." Decode batch "chosen to make KV cache roughly full (... 1408 for 2k ISL)"; the post does
   not say whether that is per rank or per instance, so it is kept in the note only. Decode nodes are saturated the
   way the earlier posts did it (the setup is said to follow them).
The low-precision rows dispatch tokens to the experts in NVFP4 ("Fusing NVFP4 in DeepEP"): precision.dispatch = "nvfp4";
the original-precision path keeps DeepEP's FP8 dispatch (the model's default).
Decode on 48 GPUs (12 GB200 trays of 4) with experts spread over them is group moe-multinode; prefill instances are
group prefill (metric tokens_per_second_per_chip counting input tokens).
"""
import json, sys

REPO, PATH, COMMIT = "lm-sys/lm-sys.github.io", "blog/2025-09-25-gb200-part-2.md", "0f320187180ab49e752be9dbc2add93adaa7fd55"
URL = "https://lmsys.org/blog/2025-09-25-gb200-part-2/"
# Low precision: NVIDIA's official NVFP4 checkpoint (the post's accuracy section: nvidia/DeepSeek-R1-0528-FP4-v2), whose
# recipe (NVIDIA Model Optimizer examples/deepseek/ptq.py, --enable_wo_quant) quantises the MLPs and o_proj and leaves the
# other attention projections and the output head BF16; "Different from the official NVIDIA checkpoint, we further execute
# q_b_proj in FP8 instead of BF16".
LOW = {"weights": "fp4", "kv": "fp8", "compute": "fp4", "dense": "bf16", "denseQuantized": "mlp+o_proj", "denseFp8": "q_b_proj",
       "denseSource": "the post: NVFP4 MoE and output projection, 'we further execute q_b_proj in FP8 instead of BF16' (of the official NVIDIA "
                      "checkpoint, whose recipe, Model Optimizer examples/deepseek/ptq.py, leaves the other attention projections and the head BF16)",
       "recipe": "FP8 attention (FP8 KV cache), NVFP4 MoE and attention output projection, q_b_proj FP8", "dispatch": "nvfp4",
       "dispatchSource": "the post: 'Fusing NVFP4 in DeepEP: DeepEP optionally quantizes tokens before dispatching them, thus NVFP4 "
                         "quantization is fused into it alongside the original FP8, halving the required network traffic'"}
HIGH = {"weights": "fp8", "kv": "bf16", "compute": "fp8", "recipe": "BF16 attention, FP8 MoE"}
rows = []
for tag, prec, pre_ranks, pre, dec in (("low-precision", LOW, 2, 26156, 13386), ("original-precision", HIGH, 4, 18471, 9087)):
    rows.append({"id": f"sglang-gb200-part2/deepseek-prefill-{tag}", "group": "prefill", "hardware": "nvidia-gb200-nvl72",
                 "chips": pre_ranks, "parallelism": {"ep": pre_ranks}, "model": "deepseek-v3", "precision": prec,
                 "engine": {"name": "sglang", "version": "main branch, September 2025 (PD disaggregation, DeepEP)"},
                 "workload": {"inputTokens": 2000},
                 "metric": {"name": "tokens_per_second_per_chip", "value": float(pre), "unit": "token/s", "stat": "mean"},
                 "exactness": "exact",
                 "note": (f"{URL} ({REPO}/{PATH}): '{pre:,} input ... tokens per second per GPU for prefill' at 2000-token inputs, "
                          f"{tag} path; 'for prefill, we use {pre_ranks} ranks per instance'. Input tokens per second per GPU of a "
                          f"prefill instance of {pre_ranks} GB200 GPUs with the experts spread over them (EP {pre_ranks}, weights "
                          f"partly offloaded to Grace memory when needed).")})
    rows.append({"id": f"sglang-gb200-part2/deepseek-decode-{tag}", "group": "moe-multinode", "hardware": "nvidia-gb200-nvl72",
                 "chips": 48, "parallelism": {"ep": 48}, "model": "deepseek-v3", "precision": prec,
                 "engine": {"name": "sglang", "version": "main branch, September 2025 (PD disaggregation, DeepEP)"},
                 "workload": {"inputTokens": 2000},
                 "metric": {"name": "tokens_per_second_per_chip", "value": float(dec), "unit": "token/s", "stat": "mean"},
                 "exactness": "exact",
                 "note": (f"{URL} ({REPO}/{PATH}): '{dec:,} output tokens per second per GPU' for decode at 2000-token inputs, "
                          f"{tag} path; 'For decode, we use 48 ranks, i.e. large scale EP' (12 trays of 4 GPUs in one NVL72 "
                          f"NVLink domain). Decode batch chosen so the KV cache is roughly full (1408 for 2k input; per rank or per "
                          f"instance not stated). Output length not stated: decode nodes are kept saturated as in the earlier posts.")})

doc = {"source": {"id": "sglang-gb200-part2", "title": "SGLang team: Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part II)",
                  "kind": "sglang-docs", "url": URL, "repo": REPO, "path": PATH, "commit": COMMIT,
                  "published": "2025-09-25", "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
