#!/usr/bin/env python3
"""Builds data/measurements/megatron-bridge-performance.json from a git snapshot of NVIDIA-NeMo/Megatron-Bridge.

Usage: python3 megatron_bridge.py <git-dir> > out.json

Reads docs/performance-summary.md (newest container) and docs/performance-summary-archive.md (older ones),
"Pre-Training Performance" tables only (SFT/LoRA tables are skipped; release 25.02 is never read: it is held
out for validation). For each (model, system, #GPUs, precision, layout) the newest container's row is kept.
Metric: the table's "Tokens / sec / GPU" (tokens_per_second_per_chip, exact). The table's "Model TFLOP / sec / GPU"
is kept in the note (it is the source's own model-FLOP count). Models outside the roofline catalog (Nemotron,
DeepSeek V4) are skipped. LLAMA3_70B / LLAMA3_8B map to the catalog's Llama 3.1 70B / 8B (same layer shapes;
Llama 3.1 differs in RoPE scaling and maximum context only).
"""
import re, subprocess, sys

git = sys.argv[1]
def show(p):
    return subprocess.run(["git", "-C", git, "show", f"HEAD:{p}"], capture_output=True, text=True, check=True).stdout
def commit_of(p):
    return subprocess.run(["git", "-C", git, "log", "-1", "--format=%H", "--", p], capture_output=True, text=True).stdout.strip()
head = subprocess.run(["git", "-C", git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()

MODELS = {"DeepSeekV3": "deepseek-v3", "GPT OSS 120B": "gpt-oss-120b", "Qwen3_30B_a3B": "qwen3-30b-a3b",
          "Qwen3_235B_a22B": "qwen3-235b-a22b", "LLAMA3_70B": "llama-3.1-70b", "LLAMA3_8B": "llama-3.1-8b",
          "LLAMA3.1_405B": "llama-3.1-405b", "Kimi_K2": "kimi-k2"}
SYSTEMS = {"DGX-GB300": "nvidia-gb300-nvl72", "DGX-GB200": "nvidia-gb200-nvl72", "DGX-B300": "nvidia-b300-hgx",
           "DGX-B200": "nvidia-b200-hgx", "DGX-H100": "nvidia-h100-sxm5-80gb", "DGX-H200": "nvidia-h200-sxm-141gb"}

def parse(text, path):
    release = None; section = None; model = None; header = None
    for line in text.splitlines():
        m = re.match(r"^## (\S+) NeMo Container", line)
        if m:
            release = m.group(1); section = None; continue
        m = re.match(r"^### (.*)", line)
        if m:
            section = m.group(1).strip(); continue
        m = re.match(r"^#### Model: (.*)", line)
        if m:
            model = m.group(1).strip(); header = None; continue
        if line.startswith("| System"):
            header = [c.strip() for c in line.strip().strip("|").split("|")]; continue
        if line.startswith("|--") or not line.startswith("|") or not header:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != len(header):
            continue
        yield release, section, model, dict(zip(header, cells)), path, line.strip()

def num(v):
    try:
        return float(v)
    except ValueError:
        return None

entries = []
for path in ("docs/performance-summary.md", "docs/performance-summary-archive.md"):
    for order, e in enumerate(parse(show(path), path)):
        entries.append(e)

def rel_key(r):
    return tuple(int(x) for x in r.split("."))

best = {}
for release, section, model, c, path, line in entries:
    if release is None or release.startswith("25.02") or section != "Pre-Training Performance":
        continue
    mid = MODELS.get(model); hw = SYSTEMS.get(c["System"])
    if not mid or not hw:
        continue
    key = (mid, hw, c["#-GPUs"], c["Precision"], c.get("TP"), c.get("PP"), c.get("CP"), c.get("EP"), c.get("FSDP"))
    if key not in best or rel_key(release) > rel_key(best[key][0]):
        best[key] = (release, model, c, path, line)

def compute_of(p):
    """The tensor-core number format the matmuls run in: FP8 recipes (per-tensor current scaling, MXFP8 block
    scaling) run at the FP8 rate, NVFP4 at the FP4 rate, BF16 at BF16. The source's recipe name is kept beside it."""
    if "fp8" in p:
        return "fp8"
    if "fp4" in p:
        return "fp4"
    return p

def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")

rows = []
for key in sorted(best, key=lambda k: (k[0], k[1], k[3], int(k[2]))):
    release, model, c, path, line = best[key]
    mid, hw = key[0], key[1]
    gpus = int(c["#-GPUs"])
    par = {}
    for k, name in (("TP", "tp"), ("PP", "pp"), ("CP", "cp"), ("EP", "ep"), ("VP", "vp")):
        v = num(c.get(k, "n/a"))
        if v is not None:
            par[name] = int(v)
    fsdp = num(c.get("FSDP", "n/a"))
    if fsdp:
        par["fsdp"] = int(fsdp)
    mp = par.get("tp", 1) * par.get("pp", 1) * par.get("cp", 1)
    if not fsdp:
        par["dp"] = gpus // mp
    prec = c["Precision"].lower()
    seq = int(c["Sequence Length"]); gbs = int(c["GBS"])
    tflops = c.get("Model TFLOP / sec / GPU")
    slugid = f"{slug(mid)}-{slug(c['System'])}-{gpus}gpu-{slug(prec)}-tp{par.get('tp','')}pp{par.get('pp','')}cp{par.get('cp','')}ep{par.get('ep','')}{'-fsdp' if fsdp else ''}-{slug(release)}"
    rows.append({
        "id": f"megatron-bridge-performance/{slugid}",
        "group": "training",
        "hardware": hw,
        "chips": gpus,
        "parallelism": par,
        "model": mid,
        "precision": {"compute": compute_of(prec), "recipe": c["Precision"]},
        "engine": {"name": "megatron", "version": f"NeMo container {release} (Megatron-Bridge)"},
        "workload": {"sequenceLength": seq, "globalBatch": gbs, "globalBatchTokens": gbs * seq, "microBatch": int(c["MBS"])},
        "metric": {"name": "tokens_per_second_per_chip", "value": float(c["Tokens / sec / GPU"]), "unit": "token/s", "stat": "mean"},
        "exactness": "read-from-table",
        "note": (f"Pre-training, {model} on {c['System']}, NeMo container {release}, table in {path}. "
                 f"Source row: {line} . The source's Model TFLOP/s/GPU = {tflops}. "
                 f"dp = #GPUs / (TP x PP x CP) where no FSDP is given. MoE rows: the source force-balances tokens among experts (dropless)."),
    })

out = {
    "source": {
        "id": "megatron-bridge-performance",
        "title": "Megatron-Bridge (NeMo Framework) LLM pre-training performance summary, containers 25.09 to 26.08 (25.02 excluded)",
        "kind": "megatron-bridge-training",
        "url": "https://github.com/NVIDIA-NeMo/Megatron-Bridge/blob/main/docs/performance-summary.md",
        "repo": "NVIDIA-NeMo/Megatron-Bridge",
        "path": "docs/performance-summary.md; docs/performance-summary-archive.md",
        "commit": head,
        "published": "2026-08-11",
        "accessed": "2026-11-27",
        "notes": __doc__.strip(),
    },
    "rows": rows,
}
import json
json.dump(out, sys.stdout, indent=1); print()
