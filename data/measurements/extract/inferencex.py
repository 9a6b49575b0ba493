#!/usr/bin/env python3
"""Builds data/measurements/inferencex.json: SemiAnalysis InferenceX (formerly InferenceMAX) fixed-length serving
benchmarks of DeepSeek-R1 on single 4- and 8-GPU nodes (AMD MI300X, MI325X, MI355X; NVIDIA H200, B200, B300).

Usage: python3 inferencex.py <git dir holding SemiAnalysisAI/InferenceX-app commit 528c414…> > inferencex.json
(read with `git show <commit>:<path>`, no work tree needed; the commit was read from the snapshot of the fork
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

Rows kept: single-node, not disaggregated, no speculative decoding (spec_method "none"): what the step model can
predict. Left out: the disaggregated multi-node points (prefill and decode workers on separate GPUs) and the MTP
(speculative decoding) points. Per kept point three rows: mean TTFT (group prefill; closed loop, includes waiting
for a slot), mean TPOT (decode-small-batch at concurrency <= 16, else decode-large-batch), and the whole node's
input + output token throughput = tput_per_gpu x GPUs (derived; GPUs = TP, as InferenceX's process_result.py counts a
single-node run: tp x pp x pcp_size, pp = pcp = 1 here; the API's num_prefill_gpu field reads tp x ep where EP > 1 and
is not used). Layout: TP and EP as published (EP 1 = experts split over the
TP GPUs by tensor parallelism); attention data parallelism (TRT-LLM `dp_attention`) is named in the note.
Precision: the run's checkpoint (fp8: DeepSeek's FP8 block-scaled weights; fp4: NVFP4 on NVIDIA, MXFP4 on AMD); the
KV-cache precision differs between the framework scripts and over time and is left out.
"""
import json, subprocess, sys

COMMIT = "528c4146b8f502fcbce8df7870a935a970cbae25"
PATH = "packages/app/cypress/fixtures/api/benchmarks.json"
BENCH_COMMIT = "843c6254ff69b567f772f6a5fd97675af3d04431"
HARDWARE = {"h200": "nvidia-h200-sxm-141gb", "b200": "nvidia-b200-hgx", "b300": "nvidia-b300-hgx",
            "mi300x": "amd-mi300x", "mi325x": "amd-mi325x", "mi355x": "amd-mi355x", "h100": "nvidia-h100-sxm5-80gb"}
ENGINE = {"sglang": "sglang", "trt": "trt-llm", "atom": "atom"}
MODEL = {"dsr1": "deepseek-r1"}
RATIO = 0.8
# Why the TTFT rows are bound checks only (the row field `boundOnly`, read by `roofline validate`).
TTFT_BOUND_ONLY = ("InferenceX's TTFT carries a fixed cost per request the step has no term for (HTTP streaming, "
                   "tokenizing, scheduling): 71-166 ms at concurrency 1 for a 1k prompt on B200/B300 (SGLang), where the prefill "
                   "itself is a few ms; checked as a bound, not scored or fitted, until the model has such a term")


def mean_len(n: int) -> float:
    """Mean of the uniform integers [int(0.8 n), n] that benchmark_serving.py draws."""
    return (int(n * RATIO) + n) / 2


def main() -> None:
    git_dir = sys.argv[1]
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
        common = {
            "hardware": HARDWARE[p["hardware"]], "chips": gpus,
            "parallelism": {"tp": tp, "ep": ep},
            "model": MODEL[p["model"]],
            "precision": {"weights": p["precision"]},
            "engine": {"name": ENGINE[p["framework"]], **({"version": image} if image else {})},
            "workload": {"concurrency": conc, "prompts": conc * 10, "inputTokens": mean_len(isl), "outputTokens": mean_len(osl),
                         "inputRange": [int(isl * RATIO), isl], "outputRange": [int(osl * RATIO), osl]},
        }
        where = (f"InferenceX DeepSeek-R1 {p['precision'].upper()}, {p['hardware'].upper()} x {gpus}, {p['framework']}"
                 f"{' (' + image + ')' if image else ''}, TP {tp}, EP {ep}{', attention data-parallel' if dpa else ''}, "
                 f"ISL/OSL {isl}/{osl}, concurrency {conc}; measured {p['date']} ({p['run_url']}). "
                 f"Random prompts, lengths uniform in [{int(isl * RATIO)}, {isl}] in and [{int(osl * RATIO)}, {osl}] out "
                 f"(--random-range-ratio 0.8, --ignore-eos): inputTokens/outputTokens are those means (derived); "
                 f"closed loop of {conc} clients, {conc * 10} requests (--num-prompts CONC*10).")
        base_id = f"inferencex/{slug}"
        rows.append({**common, "id": base_id + "-ttft", "group": "prefill",
                     "metric": {"name": "ttft_seconds", "value": m["mean_ttft"], "unit": "s", "stat": "mean"},
                     "exactness": "exact", "boundOnly": TTFT_BOUND_ONLY,
                     "note": where + f" metrics.mean_ttft (median {m['median_ttft']}); includes the wait for a free slot."})
        rows.append({**common, "id": base_id + "-tpot", "group": "decode-small-batch" if conc <= 16 else "decode-large-batch",
                     "metric": {"name": "tpot_seconds", "value": m["mean_tpot"], "unit": "s", "stat": "mean"},
                     "exactness": "exact", "note": where + " metrics.mean_tpot."})
        total = m["tput_per_gpu"] * gpus
        rows.append({**common, "id": base_id + "-tokens", "group": "e2e",
                     "metric": {"name": "total_tokens_per_second", "value": round(total, 6), "unit": "token/s", "stat": "total"},
                     "exactness": "derived",
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
