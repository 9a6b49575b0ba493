#!/usr/bin/env python3
"""Builds data/measurements/inferencex.json: SemiAnalysis InferenceX (formerly InferenceMAX) fixed-length serving
benchmarks of DeepSeek-R1 on single 4- and 8-GPU nodes (AMD MI300X, MI325X, MI355X; NVIDIA H200, B200, B300).

Usage: python3 inferencex.py <git dir holding SemiAnalysisAI/InferenceX-app commit 528c414…> <git dir of
SemiAnalysisAI/InferenceX, history through 843c625…> > inferencex.json
(read with `git show <commit>:<path>`, no work tree needed; the app commit was read from the snapshot of the fork
vngcloud/InferenceX-app, which carries the upstream history: SemiAnalysisAI/InferenceX-app PR #458).

What the file is: packages/app/cypress/fixtures/api/benchmarks.json at commit 528c4146b8f502fcbce8df7870a935a970cbae25
(2026-06-14, "refresh Cypress fixtures …, refreshed via `pnpm --filter app capture:fixtures` (captures from
https://inferencex.semianalysis.com)"): the InferenceX dashboard's own benchmark API answer for DeepSeek-R1, one
point per (chip, framework, precision, layout, ISL/OSL, concurrency), each with the GitHub Actions run that measured
it (run_url) and its date. Values are copied as stored (the API stores seconds and tokens/s per GPU).

How InferenceX runs a point (SemiAnalysisAI/InferenceX at 843c6254ff69b567f772f6a5fd97675af3d04431:
benchmarks/benchmark_lib.sh run_benchmark_serving, utils/bench_serving/benchmark_serving.py sample_random_requests,
.github/workflows/benchmark-tmpl.yml, benchmarks/single_node/fixed_seq_len/dsr1_*.sh): random token prompts,
`--random-input-len ISL --random-output-len OSL --random-range-ratio 0.8 --ignore-eos --request-rate inf
--max-concurrency CONC --num-prompts CONC*10`: a closed loop of CONC clients, 10 requests each. Each request's prompt
and output length is drawn uniformly from the integers [int(0.8 x L), L], so their means are (int(0.8 x L) + L) / 2
(derived: 921.5 for 1024, 7372.5 for 8192); --ignore-eos makes every request generate its drawn length. The rows
carry those ranges (workload.inputRange / outputRange, inclusive) beside the means.

The TTFT rows carry `boundOnly` (a reason): `roofline validate` checks them as bounds but does not score or fit them,
because InferenceX's TTFT includes a per-request fixed cost the step does not model (see TTFT_BOUND_ONLY below).
So do the throughput rows of a point whose own record shows a stall (STALL_BOUND_ONLY below): p99 TTFT of a minute
or more (STALL_P99_TTFT_S), while its median TTFT stays under a second and its TPOT percentiles stay tight.

Rows kept: single-node, not disaggregated, no speculative decoding (spec_method "none"): what the step model can
predict. Left out: the disaggregated multi-node points (prefill and decode workers on separate GPUs) and the MTP
(speculative decoding) points. Per kept point three rows: mean TTFT (group prefill; closed loop, includes waiting
for a slot), mean TPOT (decode-small-batch at concurrency <= 16, else decode-large-batch), and the whole node's
input + output token throughput = tput_per_gpu x GPUs (derived; GPUs = TP, as InferenceX's process_result.py counts a
single-node run: tp x pp x pcp_size, pp = pcp = 1 here; the API's num_prefill_gpu field reads tp x ep where EP > 1 and
is not used).

Layout and engine settings, from the launch script each point ran (launch_settings; the evaluator is
extract/launch_script.py): the API's TP/EP are the workflow's sweep entry, and until 2025-11-03 (#145) the scripts
chose EP and attention data parallelism themselves from ISL/OSL/CONC (benchmarks/dsr1_fp8_h200_trt_slurm.sh at
e06929c7: EP_SIZE="$TP", so its points ran EP 8 where the API says EP 1). The script is read at main on the run's
date and 7 days after (as for the KV dtype below), each variant walked with the point's TP, ISL, OSL and CONC (and,
where the workflow at that commit passes and records them, the API's EP_SIZE and DP_ATTENTION; a variant whose
commit's sweep config does not ask for the API's layout, or whose workflow passes none while the API records one,
did not run the point and is not read). Where every variant that could have run it agrees: parallelism.ep (the
EP size: --ep_size / --ep-size; --enable-ep-moe and --enable-expert-parallel: EP = TP; none: 1, the experts split by
tensor parallelism), attention data parallelism (TRT-LLM enable_attention_dp, SGLang --enable-dp-attention --dp),
engine.memoryFraction (SGLang --mem-fraction-static: the share of HBM for weights + KV cache) and
engine.kvFreeMemoryFraction (TRT-LLM free_gpu_memory_fraction: the KV cache's share of the memory the weights leave
free), which `roofline validate` uses for the KV capacity; CUDA-graph batch and tokens per pass are stated in the
note only (the step has no input for them). A setting a variant leaves inside an `if` the evaluator cannot decide,
or that the variants disagree on, stays as published (EP, attention DP) or unset (the rest), and the note says so.
Attention data parallelism over n ranks is written into `parallelism` as {tp: TP/n, dp: n, ep} (APPLY_ATTENTION_DP):
`roofline validate` replays it through the step's attention-DP layout (efficiency/attention-dp.ts: each rank its own
sequences and its own copy of the weights outside the routed experts, the experts' all-gather + reduce-scatter);
ids keep the API's layout (tp8-ep1-…). Where the script turns on TRT-LLM's attention-DP balance (attention_dp_config
enable_balance: prompts wait until every rank has one, at most timeout_iters steps), engine.attentionDpWaitSteps
carries timeout_iters.
Precision: the run's checkpoint (fp8: DeepSeek's FP8 block-scaled weights; fp4: NVFP4 on NVIDIA, MXFP4 on AMD).

KV-cache precision (precision.kv), read from the launch script each point ran (kv_cache_precision below): the API
gives a run's date and Actions URL, not its commit, so the script is read at the last first-parent commit of
SemiAnalysisAI/InferenceX main on or before the run's date, and again at the last one within 7 days after it (a
sweep can run from a branch merged a few days later); the script is the one the runners launched then for that
chip, framework and checkpoint (benchmarks/dsr1_<precision>_<chip>[_trt|_atom][_docker|_slurm].sh until the move
to benchmarks/single_node/[fixed_seq_len/]). Where every such script at both commits sets the cache's dtype outside
any `if` (SGLang `--kv-cache-dtype fp8_e4m3`, ATOM `--kv_cache_dtype fp8`, TRT-LLM's `kv_cache_config: dtype: fp8`)
the row carries `precision.kv` and its note names the script and commit; where no script sets it (SGLang on H200,
and SGLang on MI355X in October 2025: the engine's default, the checkpoint's BF16) or the scripts disagree, the row
carries none (the step's default, a BF16 cache). Found: FP8 on every AMD point except MI355X SGLang FP4 of
2025-10-06, on every B200/B300 SGLang point and on every TRT-LLM point (B200, H200).

Image (engine.version): the API's record of the image a point ran; where it records none (the points of October and
November 2025), the image the sweep names for that chip, framework and checkpoint at main on the run's date and 7 days
after (.github/workflows/dsr1-tmpl.yml jobs, later .github/configs/*-master.yaml), where every such entry agrees; the
note says which.

Dense-linear kernels (engine.untunedLinears, engine.tunedLinearShapes; UNTUNED_LINEARS below): an image whose engine
ran DeepSeek's FP8 linears through a GEMM whose per-arch configs tune only some shapes for the chip says so, with where
that is stated, and lists the tuned N x K shapes; `roofline validate` times the other linears' decode reads at the
default tile (efficiency/untuned-linears.ts). Found: lmsysorg/sglang:v0.5.9-rocm700-mi30x (no tuned shape) and
v0.5.12-rocm700-mi30x (the MI300X/MI325X points of 2026-02-27 and 2026-05-17/18).
"""
import json, re, subprocess, sys
from datetime import date, timedelta

import yaml

from launch_script import run as run_script, settings as script_settings

COMMIT = "528c4146b8f502fcbce8df7870a935a970cbae25"
PATH = "packages/app/cypress/fixtures/api/benchmarks.json"
BENCH_COMMIT = "843c6254ff69b567f772f6a5fd97675af3d04431"
HARDWARE = {"h200": "nvidia-h200-sxm-141gb", "b200": "nvidia-b200-hgx", "b300": "nvidia-b300-hgx",
            "mi300x": "amd-mi300x", "mi325x": "amd-mi325x", "mi355x": "amd-mi355x", "h100": "nvidia-h100-sxm5-80gb"}
ENGINE = {"sglang": "sglang", "trt": "trt-llm", "atom": "atom"}
# Images whose engine ran DeepSeek's FP8 block-scaled linears through AITER's Triton GEMM on gfx942: (why, where it is
# stated; the per-chip N x K shapes that AITER tunes for gfx942 - every other shape runs its default tile).
SGLANG_AITER_ROUTE = ("SGLang runs DeepSeek's FP8 block-scaled linears on ROCm through AITER's Triton gemm_a8w8_blockscale "
                      "(sgl-project/sglang PR #13617, merged 2025-11-20; gfx942 keeps use_triton in aiter_w8a8_block_fp8_linear), "
                      "whose tile comes from aiter/ops/triton/configs/gemm/gfx942-GEMM-A8W8_BLOCKSCALE[-N=..-K=..].json")
UNTUNED_LINEARS = {
    "lmsysorg/sglang:v0.5.9-rocm700-mi30x": (
        SGLANG_AITER_ROUTE + ". The v0.5.9 image's AITER is v0.1.10.post3 (6a0e7b26cc: SemiAnalysisAI/InferenceX PR #816, "
        "'AITER v0.1.10.post3'; SGLang v0.5.9's docker/rocm.Dockerfile), whose gfx942 config has only the default tile, "
        "any: 128x128x128, NUM_KSPLIT 1; the tuned gfx942 DeepSeek shapes N=2112/K=7168, 3072/1536, 7168/2048 came with "
        "ROCm/aiter PR #2024 (56055011a6, 2026-02-12), not in v0.1.10.post3", []),
    "lmsysorg/sglang:v0.5.12-rocm700-mi30x": (
        SGLANG_AITER_ROUTE + ". The v0.5.12 image's AITER is a6bb499 (SemiAnalysisAI/InferenceX PR #2949: SGLang v0.5.12 "
        "127b9e3, docker/rocm.Dockerfile AITER pin a6bb499), whose gfx942 configs tune N x K = 2048x2048, 2112x7168, "
        "2624x6144, 3072x1536, 3072x6144, 3584x512, 6144x1536, 6144x2048, 7168x2048 (ROCm/aiter #2024 among them); other "
        "shapes, e.g. DeepSeek's dense-layer FFN at TP 8 (4608x7168, 7168x2304), run the default tile",
        [[2048, 2048], [2112, 7168], [2624, 6144], [3072, 1536], [3072, 6144], [3584, 512], [6144, 1536], [6144, 2048], [7168, 2048]]),
}
MODEL = {"dsr1": "deepseek-r1"}
RATIO = 0.8
# Why the TTFT rows are bound checks only (the row field `boundOnly`, read by `roofline validate`).
TTFT_BOUND_ONLY = ("InferenceX's TTFT carries a fixed cost per request the step has no term for (HTTP streaming, "
                   "tokenizing, scheduling): 71-166 ms at concurrency 1 for a 1k prompt on B200/B300 (SGLang), where the prefill "
                   "itself is a few ms; checked as a bound, not scored or fitted, until the model has such a term")

# A run-level stall in the point's own record: 1% of its requests or more waited a minute or longer for a first token.
# Found on five B200 SGLang points (2025-11-02 .. 2025-12-31, three images): p99 TTFT 70.8-78.5 s each, median 0.52-0.87
# s, TPOT mean = median and p99 within 35% of them, so the wait came before the first token only. Its length is about the
# same whatever the concurrency (16-64) or prompt (1k or 8k): not a queue. Every other kept point's p99 TTFT is 31 s or
# less. The throughput (tokens) rows include that dead time, which the step has no term for; TPOT excludes it and
# stays scored.
STALL_P99_TTFT_S = 60.0
STALL_BOUND_ONLY = ("the run's own record shows a stall the step has no term for: p99 TTFT of {p99:.1f} s against a "
                    "median of {med:.2f} s (TPOT percentiles tight: the wait came before the first token), 1% or more of "
                    "the requests waiting over a minute; the run's throughput counts that dead time. Checked as a bound, "
                    "not scored or fitted (the TPOT row stays scored)")

FRAMEWORK_SUFFIX = {"sglang": "", "trt": "_trt", "atom": "_atom"}
# The cache dtype as each engine's launch line or config states it (SGLang, ATOM, TRT-LLM's extra_llm_api_options YAML).
KV_DTYPE = re.compile(r"--kv[-_]cache[-_]dtype[ =]+([A-Za-z0-9_]+)|kv_cache_config:[ \t]*\n(?:[ \t]+\w+:.*\n)*?[ \t]+dtype:[ \t]*([A-Za-z0-9_]+)")


def git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


def main_commit_on(bench_dir: str, day: str) -> str:
    """The last first-parent commit of main (as of BENCH_COMMIT) on or before the end of `day`."""
    return git(bench_dir, "rev-list", "-1", "--first-parent", f"--before={day} 23:59:59 +0000", BENCH_COMMIT).strip()


def scripts_at(bench_dir: str, commit: str, hw: str, framework: str, precision: str) -> list[str]:
    """The single-node launch scripts of this chip, framework and checkpoint at `commit` (every runner's variant)."""
    pat = re.compile(rf"benchmarks/(single_node/(fixed_seq_len/)?)?dsr1_{precision}_{hw}{FRAMEWORK_SUFFIX[framework]}(_docker|_slurm)?\.sh$")
    return [f for f in git(bench_dir, "ls-tree", "-r", "--name-only", commit, "benchmarks").split() if pat.match(f)]


def kv_dtype_of(text: str) -> str | None:
    """The KV-cache dtype a script sets unconditionally (outside any `if` block), or None where it sets none."""
    found = set()
    for m in KV_DTYPE.finditer(text):
        before = text[: m.start()].splitlines()
        # `if` lines that do not close on the same line open a block; `fi` lines close one.
        depth = sum(1 for l in before if re.match(r"\s*if\b", l) and not re.search(r"\bfi\s*$", l)) - sum(1 for l in before if re.match(r"\s*fi\b", l))
        if depth != 0:
            raise SystemExit(f"a KV dtype set inside an if block: {m.group(0)!r}: read it by hand")
        found.add(m.group(1) or m.group(2))
    if len(found) > 1:
        raise SystemExit(f"several KV dtypes in one script: {sorted(found)}")
    return found.pop() if found else None


KV_CACHE: dict = {}


def kv_cache_precision(bench_dir: str, hw: str, framework: str, precision: str, day: str) -> tuple[str, str] | None:
    """("fp8", where it is stated) when the scripts this point ran with set an FP8 KV cache; None where unset or unclear."""
    key = (hw, framework, precision, day)
    if key in KV_CACHE:
        return KV_CACHE[key]
    after = (date.fromisoformat(day) + timedelta(days=7)).isoformat()
    seen = []
    for commit in dict.fromkeys([main_commit_on(bench_dir, day), main_commit_on(bench_dir, after)]):
        for f in scripts_at(bench_dir, commit, hw, framework, precision):
            seen.append((commit, f, kv_dtype_of(git(bench_dir, "show", f"{commit}:{f}"))))
    dtypes = {d for _, _, d in seen}
    result = None
    if seen and len(dtypes) == 1 and (d := dtypes.pop()) is not None and d.startswith("fp8"):
        flag = {"sglang": f"--kv-cache-dtype {d}", "atom": f"--kv_cache_dtype {d}", "trt": f"kv_cache_config dtype: {d}"}[framework]
        where = "; ".join(f"{f} at {c[:12]}" for c, f, _ in seen)
        result = ("fp8", f"KV cache FP8: the launch script sets {flag} ({where}; SemiAnalysisAI/InferenceX main on or before the run's date and 7 days after).")
    KV_CACHE[key] = result
    return result


CONFIG = {"h200": "nvidia", "b200": "nvidia", "b300": "nvidia", "h100": "nvidia", "mi300x": "amd", "mi325x": "amd", "mi355x": "amd"}


def sweep_layouts(bench_dir: str, commit: str, hw: str, framework: str, precision: str, isl: int, osl: int, tp: int, conc: int) -> set | None:
    """The (EP, attention DP) pairs the sweep at `commit` runs this point with: the search-space entries of
    .github/configs/<vendor>-master.yaml `dsr1-<precision>-<chip>-<framework>` for this ISL/OSL whose tp is TP and whose
    conc-start..conc-end holds CONC (ep 1 and dp-attn false where an entry omits them:
    utils/matrix-logic/generate_sweep_configs.py). None where the commit has no such config (before 2025-11-03, #145)."""
    try:
        doc = yaml.safe_load(git(bench_dir, "show", f"{commit}:.github/configs/{CONFIG[hw]}-master.yaml"))
    except subprocess.CalledProcessError:
        return None
    entry = (doc or {}).get(f"dsr1-{precision}-{hw}-{framework}")
    if not entry:
        return None
    found = set()
    # the sweep's entries: `seq-len-configs` until 2026, then `scenarios: fixed-seq-len`
    for s in entry.get("seq-len-configs") or (entry.get("scenarios") or {}).get("fixed-seq-len") or []:
        if s.get("isl") != isl or s.get("osl") != osl:
            continue
        for b in s.get("search-space", []):
            if b.get("tp") == tp and b.get("conc-start", 0) <= conc <= b.get("conc-end", 0):
                found.add((int(b.get("ep", 1)), bool(b.get("dp-attn", False))))
    return found


def records_layout(bench_dir: str, commit: str) -> bool:
    """Whether the workflow at `commit` passes EP_SIZE and DP_ATTENTION to the launch script and records them in the
    result (.github/workflows/benchmark-tmpl.yml `EP_SIZE: ${{ inputs.ep }}`, utils/process_result.py 'ep': EP_SIZE):
    then the API's ep and dp_attention ARE what the script was given. Before (2025-11-03, #145) the API's are defaults."""
    try:
        return "EP_SIZE: ${{ inputs.ep }}" in git(bench_dir, "show", f"{commit}:.github/workflows/benchmark-tmpl.yml")
    except subprocess.CalledProcessError:
        return False


LAUNCH: dict = {}


def launch_settings(bench_dir: str, hw: str, framework: str, precision: str, day: str, isl: int, osl: int, tp: int, conc: int,
                    api: tuple[int, bool]) -> tuple[dict, dict, str]:
    """The settings the launch scripts this point ran with set, where every variant that could have run it agrees:
    ({setting: value}, {setting: why unknown}, "script at commit; …").

    Variants: each runner's script at main on the run's date and 7 days after (as kv_cache_precision). At a commit
    whose workflow records the layout (records_layout), the script is given the API's EP and attention DP, and the
    variant counts only where that commit's sweep runs this point with them (else the point was not run from it:
    the layout the API records is not one its config asks for); at an earlier commit the script is given none and
    the variant counts only where the API's values are the defaults (EP 1, no attention DP). A setting that one
    counted variant leaves undecided, or that they disagree on, is unknown; with no counted variant every one is."""
    key = (hw, framework, precision, day, isl, osl, tp, conc, api)
    if key in LAUNCH:
        return LAUNCH[key]
    after = (date.fromisoformat(day) + timedelta(days=7)).isoformat()
    seen, skipped = [], []
    for commit in dict.fromkeys([main_commit_on(bench_dir, day), main_commit_on(bench_dir, after)]):
        # EVAL_ONLY: an accuracy-only run measures no throughput, so none of these points is one
        env = {"TP": str(tp), "ISL": str(isl), "OSL": str(osl), "CONC": str(conc), "EVAL_ONLY": "false"}
        if records_layout(bench_dir, commit):
            sweep = sweep_layouts(bench_dir, commit, hw, framework, precision, isl, osl, tp, conc)
            if sweep is not None and api not in sweep:
                skipped.append(f"main at {commit[:12]} (its sweep runs TP {tp} CONC {conc} with EP/attention DP {sorted(sweep)}, not the API's {api})")
                continue
            env |= {"EP_SIZE": str(api[0]), "DP_ATTENTION": "true" if api[1] else "false"}
        elif api != (1, False):
            skipped.append(f"main at {commit[:12]} (its workflow passes no layout, the API records EP {api[0]})")
            continue
        for f in scripts_at(bench_dir, commit, hw, framework, precision):
            _, sure, maybe = run_script(git(bench_dir, "show", f"{commit}:{f}"), env)
            seen.append((commit, f, script_settings(sure, maybe, tp)))
    known, unknown = {}, {}
    names = ("ep", "attention_dp", "mem_total", "mem_free", "graph_batch", "pass_tokens", "adp_wait")
    for k in names:
        if not seen:
            unknown[k] = "no launch script at main on the run's date or 7 days after could have run it: " + "; ".join(skipped)
            continue
        why = [f"{f} at {c[:12]}: {s[k][1]}" for c, f, s in seen if s[k][0] is None and s[k][1]]
        values = {s[k][0] for _, _, s in seen}
        if why:
            unknown[k] = "; ".join(why)
        elif len(values) > 1:
            unknown[k] = "the scripts disagree (" + "; ".join(f"{f} at {c[:12]}: {s[k][0]}" for c, f, s in seen) + ")"
        elif None not in values:
            known[k] = values.pop()
    where = "; ".join(f"{f} at {c[:12]}" for c, f, _ in seen)
    LAUNCH[key] = (known, unknown, where)
    return LAUNCH[key]


# Attention data parallelism is stated in every note; written into `parallelism` (and so replayed) only when True.
APPLY_ATTENTION_DP = True


def layout_of(framework: str, tp: int, ep: int, dpa: bool, known: dict, unknown: dict, scripts: str) -> tuple[dict, str]:
    """The row's parallelism and the note's sentence on the layout and engine settings: the launch scripts' where
    known (launch_settings), else the API's as published. Attention data parallelism over n ranks is written as
    {tp: TP/n, dp: n, ep}: n groups of TP/n chips for attention, the experts over EP chips (how validate replays a
    "dp" row: roofline's attentionGroupChips)."""
    s_ep = known.get("ep", ep)
    s_dp = known.get("attention_dp", tp if dpa else 1)
    if s_dp > 1 and (tp % s_dp or s_ep != tp):
        raise SystemExit(f"attention DP {s_dp} with TP {tp} EP {s_ep}: no row layout for it")
    par = {"tp": tp // s_dp, "dp": s_dp, "ep": s_ep} if s_dp > 1 and APPLY_ATTENTION_DP else {"tp": tp, "ep": s_ep}
    said = []
    if "ep" in known or "attention_dp" in known:
        what = f"EP {s_ep}" + (f", attention data-parallel over {s_dp} ranks (attention TP {tp // s_dp})" if s_dp > 1 else ", attention tensor-parallel (no attention DP)")
        differs = (s_ep != ep) or ((s_dp > 1) != dpa)
        said.append(f"Layout from the launch script: {what}{' (the API publishes EP ' + str(ep) + (', attention DP' if dpa else '') + ')' if differs else ''}")
    settings = []
    if "mem_free" in known:
        settings.append(f"KV cache {known['mem_free']} of the memory the weights leave free (free_gpu_memory_fraction)")
    if "mem_total" in known:
        settings.append(f"{known['mem_total']} of HBM for weights and KV cache ({'--mem-fraction-static' if framework == 'sglang' else '--gpu-memory-utilization'})")
    if "graph_batch" in known:
        settings.append(f"CUDA graphs up to batch {known['graph_batch']}")
    if "pass_tokens" in known:
        settings.append(f"at most {known['pass_tokens']} tokens per pass ({'max_num_tokens' if framework == 'trt' else 'chunked prefill size'})")
    if s_dp > 1 and known.get("adp_wait"):
        settings.append(f"prompts held back until every attention-DP rank has one, at most {known['adp_wait']} steps (attention_dp_config enable_balance, timeout_iters)")
    if settings:
        said.append(("; " if said else "Launch script: ") + ", ".join(settings))
    if said:
        said.append(f" ({scripts}; SemiAnalysisAI/InferenceX main on or before the run's date and 7 days after, read by extract/launch_script.py).")
    lost = [k for k in ("ep", "attention_dp") if k in unknown]
    if lost:
        said.append(f" {' and '.join({'ep': 'EP', 'attention_dp': 'attention DP'}[k] for k in lost)} as published: the launch scripts do not settle it ({unknown[lost[0]]}).")
    return par, "".join(said).strip()


def images_at(bench_dir: str, commit: str, hw: str, framework: str, precision: str) -> list[tuple[str, str]]:
    """(where, image) of the single-node sweep entries of this chip, framework and checkpoint at `commit`: the jobs of
    .github/workflows/dsr1-tmpl.yml (until 2025-11) or the dsr1-<precision>-<chip>-<framework> entry of
    .github/configs/{amd,nvidia}-master.yaml (after)."""
    out = []
    for f in git(bench_dir, "ls-tree", "-r", "--name-only", commit, ".github").split():
        if f == ".github/workflows/dsr1-tmpl.yml":
            for name, job in (yaml.safe_load(git(bench_dir, "show", f"{commit}:{f}")).get("jobs") or {}).items():
                w = job.get("with") or {}
                if str(job.get("uses", "")).endswith("/benchmark-tmpl.yml") and str(w.get("runner", "")).split("-")[0] == hw \
                        and w.get("framework") == framework and w.get("precision") == precision and w.get("image"):
                    out.append((f"{f} jobs.{name}", w["image"]))
        elif f in (".github/configs/amd-master.yaml", ".github/configs/nvidia-master.yaml"):
            key = f"dsr1-{precision}-{hw}-{framework}"
            e = yaml.safe_load(git(bench_dir, "show", f"{commit}:{f}")).get(key)
            if isinstance(e, dict) and e.get("image") and not e.get("multinode"):
                out.append((f"{f} {key}", e["image"]))
    return out


def workflow_image(bench_dir: str, hw: str, framework: str, precision: str, day: str) -> tuple[str, str] | None:
    """(image, where) for a point whose API record has no image: the sweep's image for this chip, framework and
    checkpoint at main on the run's date and 7 days after, where every such entry agrees; None otherwise."""
    after = (date.fromisoformat(day) + timedelta(days=7)).isoformat()
    seen = [(c, w, i) for c in dict.fromkeys([main_commit_on(bench_dir, day), main_commit_on(bench_dir, after)])
            for w, i in images_at(bench_dir, c, hw, framework, precision)]
    if not seen or len({i for _, _, i in seen}) != 1:
        return None
    return seen[0][2], "; ".join(f"{w} at {c[:12]}" for c, w, _ in seen)


def mean_len(n: int) -> float:
    """Mean of the uniform integers [int(0.8 n), n] that benchmark_serving.py draws."""
    return (int(n * RATIO) + n) / 2


def main() -> None:
    git_dir, bench_dir = sys.argv[1], sys.argv[2]
    raw = subprocess.run(["git", "--git-dir", git_dir, "show", f"{COMMIT}:{PATH}"], check=True, capture_output=True).stdout
    points = json.loads(raw)
    rows = []
    seen = set()
    for p in points:
        if p["disagg"] or p["is_multinode"] or p["spec_method"] != "none":
            continue
        if p["model"] not in MODEL or p["hardware"] not in HARDWARE or p["framework"] not in ENGINE:
            continue
        if p["prefill_tp"] != p["decode_tp"] or p["prefill_ep"] != p["decode_ep"]:
            continue
        tp, ep, conc, isl, osl = p["prefill_tp"], p["prefill_ep"], p["conc"], p["isl"], p["osl"]
        # GPUs of a single-node point = TP (process_result.py: tp x pp x pcp_size, pp = pcp = 1 here); the API's
        # num_prefill_gpu reads tp x ep for the EP > 1 points (64 for TP 8 EP 8), not the node's GPUs.
        gpus = tp
        m = p["metrics"]
        dpa = bool(p["prefill_dp_attention"])
        slug = f"dsr1-{p['hardware']}-{p['framework']}-{p['precision']}-tp{tp}-ep{ep}{'-dpa' if dpa else ''}-{isl}-{osl}-c{conc}"
        if slug in seen:
            raise SystemExit(f"duplicate point {slug}")
        seen.add(slug)
        image = p.get("image")
        swept = None if image else workflow_image(bench_dir, p["hardware"], p["framework"], p["precision"], p["date"])
        if swept:
            image = swept[0]
        kv = kv_cache_precision(bench_dir, p["hardware"], p["framework"], p["precision"], p["date"])
        known, unknown, scripts = launch_settings(bench_dir, p["hardware"], p["framework"], p["precision"], p["date"], isl, osl, tp, conc, (ep, dpa))
        parallelism, layout = layout_of(p["framework"], tp, ep, dpa, known, unknown, scripts)
        engine = {"name": ENGINE[p["framework"]], **({"version": image} if image else {})}
        if "mem_total" in known:
            engine["memoryFraction"] = known["mem_total"]
        if "mem_free" in known:
            engine["kvFreeMemoryFraction"] = known["mem_free"]
        if parallelism.get("dp", 1) > 1 and known.get("adp_wait"):
            engine["attentionDpWaitSteps"] = known["adp_wait"]
        if image in UNTUNED_LINEARS:
            why, tuned = UNTUNED_LINEARS[image]
            engine["untunedLinears"] = why
            if tuned:
                engine["tunedLinearShapes"] = tuned
        common = {
            "hardware": HARDWARE[p["hardware"]], "chips": gpus,
            "parallelism": parallelism,
            "model": MODEL[p["model"]],
            "precision": {"weights": p["precision"], **({"kv": kv[0]} if kv else {})},
            "engine": engine,
            "workload": {"concurrency": conc, "prompts": conc * 10, "inputTokens": mean_len(isl), "outputTokens": mean_len(osl),
                         "inputRange": [int(isl * RATIO), isl], "outputRange": [int(osl * RATIO), osl]},
        }
        where = (f"InferenceX DeepSeek-R1 {p['precision'].upper()}, {p['hardware'].upper()} x {gpus}, {p['framework']}"
                 f"{' (' + image + ')' if image else ''}"
                 f"{' (the API records no image: the sweep ran this one, ' + swept[1] + ', SemiAnalysisAI/InferenceX main on or before the run' + chr(39) + 's date and 7 days after)' if swept else ''}"
                 f", published as TP {tp}, EP {ep}{', attention data-parallel' if dpa else ''}, "
                 f"ISL/OSL {isl}/{osl}, concurrency {conc}; measured {p['date']} ({p['run_url']}). "
                 f"Random prompts, lengths uniform in [{int(isl * RATIO)}, {isl}] in and [{int(osl * RATIO)}, {osl}] out "
                 f"(--random-range-ratio 0.8, --ignore-eos): inputTokens/outputTokens are those means (derived); "
                 f"closed loop of {conc} clients, {conc * 10} requests (--num-prompts CONC*10). {layout}"
                 f"{' ' + kv[1] if kv else ''}")
        base_id = f"inferencex/{slug}"
        rows.append({**common, "id": base_id + "-ttft", "group": "prefill",
                     "metric": {"name": "ttft_seconds", "value": m["mean_ttft"], "unit": "s", "stat": "mean"},
                     "exactness": "exact", "boundOnly": TTFT_BOUND_ONLY,
                     "note": where + f" metrics.mean_ttft (median {m['median_ttft']}); includes the wait for a free slot."})
        rows.append({**common, "id": base_id + "-tpot", "group": "decode-small-batch" if conc <= 16 else "decode-large-batch",
                     "metric": {"name": "tpot_seconds", "value": m["mean_tpot"], "unit": "s", "stat": "mean"},
                     "exactness": "exact", "note": where + " metrics.mean_tpot."})
        total = m["tput_per_gpu"] * gpus
        stall = m.get("p99_ttft") is not None and m["p99_ttft"] >= STALL_P99_TTFT_S
        rows.append({**common, "id": base_id + "-tokens", "group": "e2e",
                     "metric": {"name": "total_tokens_per_second", "value": round(total, 6), "unit": "token/s", "stat": "total"},
                     "exactness": "derived",
                     **({"boundOnly": STALL_BOUND_ONLY.format(p99=m["p99_ttft"], med=m["median_ttft"])} if stall else {}),
                     "note": where + f" metrics.tput_per_gpu {m['tput_per_gpu']} (input + output tokens/s per GPU) x {gpus} GPUs (derived)."})
    rows.sort(key=lambda r: r["id"])
    doc = {"source": {"id": "inferencex", "title": "SemiAnalysis InferenceX (InferenceMAX): DeepSeek-R1 fixed-length serving benchmarks, single node",
                      "kind": "inferencex", "url": "https://inferencex.semianalysis.com",
                      "repo": "SemiAnalysisAI/InferenceX-app", "path": PATH, "commit": COMMIT,
                      "published": "2026-06-14", "accessed": "2026-11-27", "notes": __doc__.strip()},
           "rows": rows}
    json.dump(doc, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
