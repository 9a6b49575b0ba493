#!/usr/bin/env python3
"""Builds data/measurements/lambdalabs-vllm-benchmark.json from LambdaLabs' vLLM benchmark report.

Usage: python3 lambdalabs.py > out.json

Source: LambdaLabsML/vllm-benchmark, benchmark_v0.md ("LLMs inference benchmarks, using vLLM, on Lambda Cloud"),
commit 0e8fc5d0f9865a326666cb82aeb2d8dc74c82c5e. vLLM v0.5.4 ("This benchmark was conducted with vLLM v0.5.4"),
vLLM's benchmark_serving.py on ShareGPT, NVIDIA H100-80GB-SXM and A100-80GB-SXM, 1x/2x/4x/8x GPUs.
Rows: the "Tensor Parallel v.s. Data Parallel" table, "with --num-prompts fixed at 320 to ensure a large batch size":
each cell "throughput/latency" = output token throughput (tokens/s, whole system) / inter-token latency (ms), the
two metrics the report says it monitors; the GPUs of a row serve one tensor-parallel instance (TP = GPUs).
All 320 prompts are sent at once (request rate inf); vLLM admits up to its default max-num-seqs (256) at a time,
so the ITL is that of a large decode batch (decode-large-batch). The report gives no lengths, but the repository keeps
the result files of these runs (results_v0/prompt_320/, benchmark_serving.py's JSON): for 20 of the 28 cells a file's
output_throughput and median_itl_ms equal the cell (lambdalabs_lengths.py), and those rows carry the run's per-request
prompt and output lengths (workload.inputLengths / outputLengths, in request order; inputTokens / outputTokens = their
means, derived) and the ITL's statistic (median). The other 8 cells' own files were not found (no stored file matched
their throughput and latency; re-checked 2026-11-27 for 4xA100 8B: its len64000 and len128000 files give 1807.66 and
1846.90 tokens/s against the table's 1899.76): their prompts are still known exactly (every
stored run of a tokenizer has the same 320 input_lens), and the output lengths of the stored run of the same model on the
nearest GPU count stand in for theirs (said per row; runs of one model differ by up to ~2% in total output tokens). Their
ITL keeps no stat.
Models: Meta-Llama-3.1-8B-FP8 and Meta-Llama-3.1-70B-Instruct-FP8 (FP8 weights; on A100, which has no FP8 tensor
cores, vLLM runs them weight-only with 16-bit compute), Hermes-3-Llama-3.1-405B-FP8 (Llama 3.1 405B layer shapes),
Mixtral-8x7B/8x22B-Instruct-v0.1 (16-bit weights). Mistral 7B/Nemo/Large columns are left out (not in the catalog).
Server settings: benchmark.py as it wrote results/prompt_<N>/<cell>/<model>_tp<N>_len<L>.json (@ c347618d) starts
vLLM with --model, --max-model-len and --tensor-parallel-size only, so vLLM 0.5.4's defaults hold (max_num_seqs 256,
gpu_memory_utilization 0.9, no chunked prefill below 32K); the later benchmark.py defaults (0.95, 512/1024 sequences,
scheduler steps) came with the v0.6 runs. The table's max-context column agrees with 0.9 (efficiency-validate.test.ts).
The Mixtral throughput rows carry `boundOnly`: their runs include Triton compile stalls of vLLM's fused-MoE kernel in a
fresh container (MOE_JIT_STALLS below: each stored run's own p99 ITL and gaps); their ITL rows are scored.
"""
import json, sys
from lambdalabs_lengths import RUNS

COMMIT, PATH = "0e8fc5d0f9865a326666cb82aeb2d8dc74c82c5e", "benchmark_v0.md"
HEAD = ["Meta-Llama-3.1-8B-FP8", "Meta-Llama-3.1-70B-Instruct-FP8", "Hermes-3-Llama-3.1-405B-FP8", "Mistral-7B-Instruct-v0.3",
        "Mixtral-8x7B-Instruct-v0.1", "Mixtral-8x22B-Instruct-v0.1", "Mistral-Nemo-Instruct-2407", "Mistral-Large-Instruct-2407"]
TABLE = """| 1xA100-80GB-SXM  | 1517.54/42.85          | 208.79/58.26                    | N/A                         | 1591.4/56.51             | N/A                        | N/A                         | 1277.85/61.48               | N/A                          |
| 2xA100-80GB-SXM  | 1854.27/38.21          | 662.64/120.32                   | N/A                         | 1861.61/53.52            | 1017.34/67.24              | N/A                         | 1593.97/51.39               | N/A                          |
| 4xA100-80GB-SXM  | 1899.76/40.02          | 956.53/88.25                    | N/A                         | 2228.35/44.66            | 1098.11/56.05              | 715.37/95.54                | 1919.13/44.7                | 642.03/129.96                |
| 8xA100-80GB-SXM  | 1972.26/40.47          | 1162.78/74.12                   | 467.85/180.74               | 2381.43/39.89            | 1289.26/49.91              | 946.22/71.43                | 2035.34/40.7                | 947.56/88.72                 |
| 1xH100-80GB-SXM  | 3400.4/19.75           | 418.92/35.84                    | N/A                         | 3281.19/27.23            | N/A                        | N/A                         | 2414.81/31.16               | N/A                          |
| 2xH100-80GB-SXM  | 3688.64/18.83          | 1727.69/49.33                   | N/A                         | 3758.54/24.26            | 1430.42/38.08              | N/A                         | 3064.06/24.44               | N/A                          |
| 4xH100-80GB-SXM  | 3475.27/20.26          | 2242.99/38.26                   | N/A                         | 4133.32/21.79            | 2102.86/30.36              | 1190.38/51.35               | 3509.24/22.1                | 1301.24/56.42                |
| 8xH100-80GB-SXM  | 3931.83/17.61          | 2572.8/33.71                    | 1230.74/73.54               | 4397.11/21.56            | 2073.9/25.88               | 1558.66/39.25               | 3686.29/22.85               | 1734.19/46.23                |"""
MODEL = {"Meta-Llama-3.1-8B-FP8": ("llama-3.1-8b", "fp8"), "Meta-Llama-3.1-70B-Instruct-FP8": ("llama-3.1-70b", "fp8"),
         "Hermes-3-Llama-3.1-405B-FP8": ("llama-3.1-405b", "fp8"), "Mixtral-8x7B-Instruct-v0.1": ("mixtral-8x7b", "bf16"),
         "Mixtral-8x22B-Instruct-v0.1": ("mixtral-8x22b", "bf16")}
HW = {"A100-80GB-SXM": "nvidia-a100-sxm4-80gb", "H100-80GB-SXM": "nvidia-h100-sxm5-80gb"}
RUN = {(r[0], r[1]): r for r in RUNS}

# Why the Mixtral throughput rows are bound-only (`boundOnly` below; their ITL rows stay scored).
# vLLM's fused-MoE kernel (vllm/model_executor/layers/fused_moe/fused_moe.py, fused_moe_kernel) is a Triton
# @triton.jit kernel whose block sizes are tl.constexpr, picked per number of tokens in the step from the tuned
# configs: Triton compiles a new variant, on the CPU, the first time a step meets a new config or argument
# specialisation, and the step waits for it. The startup warm-up (profile run, CUDA-graph capture of decode batches)
# compiles only the shapes it runs; prefill steps of other token counts compile during the benchmark. Each run here
# starts a fresh container with no compile cache (benchmark.sh / benchmark_1x2x4x8x.sh @ 680cc0a3 and 3dd9ba55:
# `docker run --rm vllm/vllm-openai:v0.5.4`, only ~/.cache/huggingface mounted) and Mixtral-8x7B len 2000 is the
# first MoE task of the task list (all_tasks.yaml @ 95571cb0). Every stored Mixtral run of the table shows the stalls
# in its own record (results_v0/prompt_320/<cell>/<model>_tp<N>_len2000.json @ 680cc0a3): p99_itl_ms, and the two
# longest gaps between the later tokens of the file's first request (its first gap, 5.5-16.6 s, spans the other
# prompts' prefill phase and is left out), against that request's usual step.
# A dense run of the same sweep has none: Meta-Llama-3.1-70B-Instruct-FP8 on 2xH100 (@ 39c0c3fe) p99_itl_ms 196.7,
# its longest gaps 0.19 s (a prefill step of newly admitted prompts). The median ITL is untouched (a few gaps among
# ~60,000); the output throughput (tokens / whole duration) carries every stall, a cost the step has no term for.
MOE_JIT_STALLS = {  # (cell, model): (p99_itl_ms, longest gaps s, usual step s)
    ("2xA100-80GB-SXM", "Mixtral-8x7B-Instruct-v0.1"): (1652.3, (1.81, 1.79), 0.08),
    ("8xA100-80GB-SXM", "Mixtral-8x7B-Instruct-v0.1"): (2327.3, (2.61, 2.53), 0.06),
    ("2xH100-80GB-SXM", "Mixtral-8x7B-Instruct-v0.1"): (1448.9, (1.99, 1.45), 0.045),
    ("4xA100-80GB-SXM", "Mixtral-8x22B-Instruct-v0.1"): (3113.5, (3.61, 3.36), 0.11),
    ("8xH100-80GB-SXM", "Mixtral-8x22B-Instruct-v0.1"): (1210.9, (1.66, 1.21), 0.045),
}


def moe_jit_bound_only(cell: str, name: str) -> str:
    """The bound-only reason of a Mixtral throughput row: the mechanism, and its own run's evidence where stored."""
    ev = MOE_JIT_STALLS.get((cell, name))
    own = (f"this run's record: p99 ITL {ev[0]} ms, gaps of {ev[1][0]} and {ev[1][1]} s between tokens against a {ev[2]} s step"
           if ev else "this run's own record is not stored; all 5 stored Mixtral runs of the table show such gaps (1.2-3.6 s)")
    return ("vLLM 0.5.4's fused-MoE kernel is a Triton JIT kernel compiled on first use of each block config, and each LambdaLabs run "
            "started a fresh container (removed after each run by benchmark.sh, no compile cache mounted): the run's duration includes compile stalls of 1-4 s "
            f"during which no token is produced ({own}); the output throughput carries them, the median ITL does not; the step has "
            "no term for a one-off compile: checked as a bound, not scored or fitted")


def stand_in(row_name: str, name: str):
    """For a cell whose own result file is not stored: the stored run of the same model (so the same tokenizer and the
    same 320 ShareGPT prompts) on the same GPU type at the nearest GPU count (ties: the larger), else on the other GPU type."""
    n, hwname = row_name.split("x", 1)
    n = int(n)
    same = [r for r in RUNS if r[1] == name and r[0].split("x", 1)[1] == hwname]
    pool = same or [r for r in RUNS if r[1] == name]
    if not pool:
        return None
    return min(pool, key=lambda r: (abs((int(r[0].split("x", 1)[0]).bit_length()) - n.bit_length()), -int(r[0].split("x", 1)[0]), r[0]))
rows = []
for line in TABLE.splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    gpus, hwname = cells[0].split("x", 1)
    n = int(gpus); hw = HW[hwname]
    for name, cell in zip(HEAD, cells[1:]):
        if name not in MODEL or cell == "N/A":
            continue
        mid, w = MODEL[name]
        tput, itl = (float(x) for x in cell.split("/"))
        compute = "fp8" if (w == "fp8" and hwname.startswith("H100")) else "bf16"
        base = {"hardware": hw, "chips": n, "parallelism": {"tp": n}, "model": mid,
                "precision": {"weights": w, "compute": compute}, "engine": {"name": "vllm", "version": "0.5.4"},
                "workload": {"concurrency": 320}}
        run = RUN.get((cells[0], name))
        if run:
            _, _, mml, commit, ins, outs, tin, tout, _, _ = run
            base["workload"] = {"concurrency": 320, "prompts": 320, "inputTokens": tin / 320, "outputTokens": tout / 320,
                                "maxModelLen": mml, "inputLengths": list(ins), "outputLengths": list(outs)}
            lengths = (f" Lengths: results_v0/prompt_{320}/{cells[0]}/{name}_tp{n}_len{mml}.json @ {commit[:12]} (its output_throughput and "
                       f"median_itl_ms equal this cell): input_lens / output_lens of the 320 requests; inputTokens = total_input_tokens "
                       f"{tin} / 320, outputTokens = total_output_tokens {tout} / 320 (derived); maxModelLen {mml}: the file name's "
                       f"len{mml}, the run's --max-model-len.")
        elif (sub := stand_in(cells[0], name)) is not None:
            # The run's own file is not stored. Its prompts are known: every stored run of a tokenizer has the same 320
            # input_lens (benchmark_serving.py samples ShareGPT with a fixed seed). Its outputs are not: the stored run
            # of the same model named below stands in (stored runs of one model and prompts differ by up to ~2% in total
            # output tokens: sampling stops at the end-of-sequence token).
            s_row, _, s_mml, s_commit, ins, outs, tin, tout, _, _ = sub
            base["workload"] = {"concurrency": 320, "prompts": 320, "inputTokens": tin / 320, "outputTokens": tout / 320,
                                "maxModelLen": s_mml, "inputLengths": list(ins), "outputLengths": list(outs)}
            lengths = (f" This run's own result file was not found in the repository (no stored file matched this cell's "
                       f"throughput and latency when lambdalabs_lengths.py was built). Prompts: the "
                       f"same 320 ShareGPT prompts as every stored run of this tokenizer (identical input_lens; inputTokens = "
                       f"{tin} / 320, exact). Outputs: STAND-IN, the output_lens of the stored run of the same model on "
                       f"{s_row} (results_v0/prompt_320/{s_row}/{name}_tp{int(s_row.split('x', 1)[0])}_len{s_mml}.json @ "
                       f"{s_commit[:12]}; outputTokens = {tout} / 320, derived): the stored runs of one model on these prompts differ "
                       f"by up to about 2% in total output tokens (Llama 3.1 8B FP8: 43,459 to 44,463 over six runs). maxModelLen "
                       f"{s_mml}: STAND-IN, the --max-model-len of every stored run of the table (file names len{s_mml}).")
        slug = f"{name.lower()}-{n}x{hwname.lower()}"
        where = (f"LambdaLabsML/vllm-benchmark {PATH} @ {COMMIT[:12]}, 'Tensor Parallel v.s. Data Parallel' table, row "
                 f"{cells[0]}, column {name}: '{cell}' (output token throughput tokens/s / inter-token latency ms), --num-prompts 320, "
                 f"ShareGPT, request rate inf, TP {n}." + lengths)
        tput_row = {**base, "id": f"lambdalabs-vllm-benchmark/{slug}-tput", "group": "e2e",
                    "metric": {"name": "output_tokens_per_second", "value": tput, "unit": "token/s", "stat": "total"},
                    "exactness": "read-from-table", "note": where}
        if name.startswith("Mixtral"):
            tput_row["boundOnly"] = moe_jit_bound_only(cells[0], name)
        rows.append(tput_row)
        stat = {"stat": "median"} if run else {}
        rows.append({**base, "id": f"lambdalabs-vllm-benchmark/{slug}-itl", "group": "decode-large-batch",
                     "metric": {"name": "tpot_seconds", "value": round(itl / 1000, 9), "unit": "s", **stat},
                     "exactness": "read-from-table",
                     "note": where + f" ITL {itl} ms / 1000; up to 256 sequences decode together (vLLM's default max-num-seqs); "
                     + ("the result file's median_itl_ms." if run else "statistic not stated.")})
doc = {"source": {"id": "lambdalabs-vllm-benchmark", "title": "LambdaLabs: LLM inference benchmarks using vLLM on Lambda Cloud (A100, H100)",
                  "kind": "lambdalabs-vllm-benchmark", "url": f"https://github.com/LambdaLabsML/vllm-benchmark/blob/{COMMIT}/{PATH}",
                  "repo": "LambdaLabsML/vllm-benchmark", "path": PATH, "commit": COMMIT, "accessed": "2026-11-27", "notes": __doc__.strip()},
       "rows": rows}
json.dump(doc, sys.stdout, indent=1); print()
