#!/usr/bin/env python3
"""
The measurement rows bench/gpu/measure.py writes, in the schema of data/measurements (README there), without
PyTorch: measure.py passes its results here, and

    python3 bench/gpu/rows.py --format-fixture

prints a FORMAT FIXTURE: a document built by the same functions from hand-written placeholder results (not a
measurement: every value is a round placeholder, and the source says so in `fixture`). The committed copy,
packages/core/test/fixtures/gpu-bench-format-fixture.json, is checked by the tests against the schema and
against `roofline validate`, which reads a fixture's rows and scores none of them.

Row groups: decode-small-batch / decode-large-batch / prefill (metric tpot_seconds / ttft_seconds), predicted
and scored by `roofline validate --measurements <folder>`; "microbenchmark" (model "none"; metric
matmul_efficiency, hbm_bandwidth_fraction, launch_seconds): measurements of per-chip constants, read by
validate and skipped (nothing predicts them).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = "bench/gpu/measure.py"


def git_commit() -> str | None:
    """The commit of the script that measured (40 hex), when run from a git checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=os.path.dirname(os.path.abspath(__file__)), capture_output=True, text=True, timeout=10)
        c = out.stdout.strip()
        return c if out.returncode == 0 and len(c) == 40 else None
    except Exception:
        return None


def to_rows(src, hw, prov, mm, hbm, launch, decode, prefill, model_id, c):
    rows = []
    base = dict(hardware=hw, chips=1, parallelism=dict(tp=1))
    prov_note = f"{prov.get('gpu')}; {prov.get('nvidiaSmi', '')}; CUDA {prov.get('cuda')}; PyTorch {prov.get('torch')}; measured {prov.get('date')} by {SCRIPT}"
    for r in mm:
        if "efficiency" not in r:
            continue
        rows.append(dict(base, id=f"{src}/matmul-{r['dtype']}-m{r['m']}-k{r['k']}-n{r['n']}", group="microbenchmark", model="none", precision=dict(compute=r["dtype"]),
                         engine=dict(name="pytorch", version=prov["torch"]), workload=dict(rows=r["m"], inner=r["k"], outFeatures=r["n"]),
                         metric=dict(name="matmul_efficiency", value=r["efficiency"], unit="fraction", stat="median"), exactness="exact",
                         note=f"{r['flopsPerSecond']/1e12:.1f} TFLOP/s over the catalog's dense peak; {prov_note}"))
    for r in hbm:
        rows.append(dict(base, id=f"{src}/hbm-{r['kind'].split()[0]}", group="microbenchmark", model="none", engine=dict(name="pytorch", version=prov["torch"]), workload=dict(bytes=r["bytes"]),
                         metric=dict(name="hbm_bandwidth_fraction", value=r["fraction"], unit="fraction", stat="median"), exactness="exact",
                         note=f"{r['kind']}: {r['bytesPerSecond']/1e12:.2f} TB/s over the catalog's peak; {prov_note}"))
    for r in launch:
        rows.append(dict(base, id=f"{src}/launch-{r['mode']}", group="microbenchmark", model="none", engine=dict(name="pytorch", version=prov["torch"]), workload=dict(kernels=r["kernels"]),
                         metric=dict(name="launch_seconds", value=r["secondsPerKernel"], unit="s", stat="median"), exactness="exact",
                         note=f"gap per tiny kernel (x.add_ on 256 values), {r['mode']}; {prov_note}"))
    for r in decode:
        if "skipped" in r:
            continue
        for mode, key in (("eager", "eagerSeconds"), ("cuda-graph", "graphSeconds")):
            if key not in r:
                continue
            rows.append(dict(base, id=f"{src}/decode-{mode}-b{r['batch']}-c{r['context']}", group="decode-small-batch" if r["batch"] < 32 else "decode-large-batch", model=model_id,
                             precision=dict(weights="bf16", kv="bf16", compute="bf16"), engine=dict(name=f"pytorch-{mode}", version=prov["torch"]),
                             workload=dict(batch=r["batch"], contextTokens=r["context"]), metric=dict(name="tpot_seconds", value=r[key], unit="s", stat="median"), exactness="exact",
                             note=f"one decode step of a Llama-shaped model with random weights ({c['layers']} layers), static KV cache, SDPA attention; {prov_note}"))
    for r in prefill:
        if "skipped" in r:
            continue
        rows.append(dict(base, id=f"{src}/prefill-{r['tokens']}", group="prefill", model=model_id, precision=dict(weights="bf16", kv="bf16", compute="bf16"),
                         engine=dict(name="pytorch-eager", version=prov["torch"]), workload=dict(batch=1, inputTokens=r["tokens"]),
                         metric=dict(name="ttft_seconds", value=r["seconds"], unit="s", stat="median"), exactness="exact",
                         note=f"one prefill pass of {r['tokens']} tokens (batch 1) of a Llama-shaped model with random weights ({c['layers']} layers), causal SDPA; {prov_note}"))
    return rows


def document(src, prov, seconds, rows, commit=None, fixture=None):
    """One measurement file: its source (this script, at its commit, on the GPU of `prov`) and its rows."""
    source = dict(
        id=src,
        title=f"{SCRIPT} on {prov.get('gpu')}" if fixture is None else f"FORMAT FIXTURE of {SCRIPT}'s output (not a measurement)",
        kind="gpu-bench",
        path=SCRIPT,
    )
    commit = commit if commit is not None else git_commit()
    if commit:
        source["commit"] = commit
    source.update(
        published=prov["date"],
        accessed=prov["date"],
        notes=f"Measured by this repository's script; provenance {json.dumps(prov)}; {seconds:.0f} s." if fixture is None else fixture,
    )
    if fixture is not None:
        source["fixture"] = fixture
    return dict(source=source, rows=rows)


FIXTURE_NOTE = (
    "FORMAT FIXTURE, NOT A MEASUREMENT: rows built by bench/gpu/rows.py's own functions from hand-written placeholder results "
    "(round numbers, nothing was timed) to check that the script's output fits the schema and is read by roofline validate, "
    "which scores no row of a fixture. Regenerate: python3 bench/gpu/rows.py --format-fixture"
)


def format_fixture() -> dict:
    """A document in measure.py's exact output format, from placeholder results (one row of each kind)."""
    prov = dict(torch="0.0-placeholder", python="3-placeholder", date="2026-01-01", gpu="NVIDIA H100 80GB HBM3 (placeholder)", sms=132, memoryBytes=85e9, cuda="0.0-placeholder", hip=None, nvidiaSmi="placeholder")
    src = "gpu-bench-format-fixture"
    mm = [dict(dtype="bf16", m=64, k=8192, n=8192, seconds=1e-3, flopsPerSecond=5e14, efficiency=0.5)]
    hbm = [dict(kind="read (sum)", bytes=1e9, seconds=1e-3, bytesPerSecond=1e12, fraction=0.5), dict(kind="copy (read + write)", bytes=2e9, seconds=1e-3, bytesPerSecond=2e12, fraction=0.5)]
    launch = [dict(mode="eager", kernels=1000, secondsPerKernel=1e-5), dict(mode="cuda-graph", kernels=1000, secondsPerKernel=1e-6)]
    decode = [dict(batch=1, context=512, eagerSeconds=0.01, graphSeconds=0.01), dict(batch=64, context=2048, eagerSeconds=0.02, graphSeconds=0.02), dict(batch=128, context=8192, skipped="placeholder: KV cache exceeds free memory")]
    prefill = [dict(tokens=1024, seconds=0.1)]
    c = dict(hidden=4096, layers=32, heads=32, kv_heads=8, head_dim=128, intermediate=14336, vocab=128256)
    rows = to_rows(src, "nvidia-h100-sxm5-80gb", prov, mm, hbm, launch, decode, prefill, "llama-3.1-8b", c)
    return document(src, prov, 0, rows, commit="0" * 40, fixture=FIXTURE_NOTE)


if __name__ == "__main__":
    if sys.argv[1:] != ["--format-fixture"]:
        sys.exit("usage: python3 bench/gpu/rows.py --format-fixture   (measure.py imports this module; it measures nothing itself)")
    print(json.dumps(format_fixture(), indent=1))
