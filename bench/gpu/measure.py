#!/usr/bin/env python3
"""
One prepared measurement of the efficiency model's per-chip terms on a real GPU, in PyTorch:

  1. matmul efficiency against shape (M = tokens against tile sizes and SM count), BF16 (and FP8 where
     torch._scaled_mm runs), as achieved FLOP/s over the chip's dense peak;
  2. achieved HBM bandwidth (a streaming read and a copy) over the chip's peak;
  3. launch latency: the gap per tiny kernel, eager and captured in a CUDA graph;
  4. a Llama-shaped model with random weights (random weights cost the same time as trained ones):
     decode steps at several batches and contexts (CUDA graph captured, static KV cache) and prefill
     passes at several lengths.

It writes data/measurements/gpu-bench-<hardware>-<date>.json (or --out) in the measurement schema
(data/measurements/README.md; rows built by bench/gpu/rows.py, source kind "gpu-bench"): model rows as groups
decode-small-batch / decode-large-batch / prefill with metric tpot_seconds / ttft_seconds, which
`roofline validate --measurements <folder>` predicts and scores, and the microbenchmarks as group
"microbenchmark" rows (model "none"; metric matmul_efficiency, hbm_bandwidth_fraction, launch_seconds):
measurements of per-chip constants, which validate reads and skips (nothing predicts them). Every row
carries its provenance: GPU name, driver, CUDA, PyTorch versions, date, and the script's git commit.

    python3 bench/gpu/measure.py --out my-gpu && npx roofline validate --measurements my-gpu

    python3 bench/gpu/measure.py                      # everything, ~5 minutes on an H100
    python3 bench/gpu/measure.py --quick              # fewer shapes, ~1 minute
    python3 bench/gpu/measure.py --dry-run            # tiny shapes on the CPU: checks the code path, writes nothing

The peak FLOP/s and HBM bandwidth come from the catalog figure for the detected chip (PEAKS below, the
same values as packages/core/src/catalog/data/hardware.ts) or from --peak-tflops / --peak-tbps.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

from rows import document, to_rows

# Catalog id, dense BF16 TFLOP/s, dense FP8 TFLOP/s, HBM TB/s — by a substring of torch's device name.
PEAKS = [
    ("H100 PCIe", "nvidia-h100-pcie-80gb", 756.0, 1513.0, 2.0),
    ("H100", "nvidia-h100-sxm5-80gb", 989.4, 1978.9, 3.35),
    ("H200", "nvidia-h200-sxm-141gb", 989.4, 1978.9, 4.8),
    ("H20", "nvidia-h20-96gb", 148.0, 296.0, 4.0),
    ("A100-SXM4-80GB", "nvidia-a100-sxm4-80gb", 312.0, None, 2.039),
    ("A100-SXM4-40GB", "nvidia-a100-sxm4-40gb", 312.0, None, 1.555),
    ("B200", "nvidia-b200-hgx", 2250.0, 4500.0, 8.0),
    ("MI300X", "amd-mi300x", 1307.4, 2614.9, 5.3),
]

# Llama-3.1-8B's shape (config.json of meta-llama/Llama-3.1-8B); --layers trims it for small GPUs.
LLAMA_8B = dict(hidden=4096, layers=32, heads=32, kv_heads=8, head_dim=128, intermediate=14336, vocab=128256)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")


def provenance(device: torch.device) -> dict:
    p = {"torch": torch.__version__, "python": sys.version.split()[0], "date": now_iso()}
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        p.update(gpu=props.name, sms=props.multi_processor_count, memoryBytes=props.total_memory, cuda=torch.version.cuda, hip=getattr(torch.version, "hip", None))
        try:
            out = subprocess.run(["nvidia-smi", "--query-gpu=driver_version,clocks.max.sm,clocks.max.mem,power.limit", "--format=csv,noheader"], capture_output=True, text=True, timeout=20)
            p["nvidiaSmi"] = out.stdout.strip()
        except Exception as e:  # not an NVIDIA machine, or no nvidia-smi
            p["nvidiaSmi"] = f"unavailable: {e}"
    else:
        p.update(gpu="cpu (dry run)")
    return p


def chip_of(name: str, args) -> tuple[str, float, float | None, float]:
    for key, cid, bf16, fp8, tbps in PEAKS:
        if key in name:
            return cid, (args.peak_tflops or bf16) * 1e12, fp8 * 1e12 if fp8 else None, (args.peak_tbps or tbps) * 1e12
    if args.peak_tflops and args.peak_tbps:
        return args.hardware or "unknown", args.peak_tflops * 1e12, None, args.peak_tbps * 1e12
    sys.exit(f"unknown GPU {name!r}: pass --hardware <catalog id> --peak-tflops <dense BF16> --peak-tbps <HBM>")


class Timer:
    """Median wall time of fn over reps, after warm-up, with CUDA events on a GPU."""

    def __init__(self, device: torch.device):
        self.device = device

    def __call__(self, fn, reps: int = 20, warmup: int = 5) -> float:
        for _ in range(warmup):
            fn()
        times = []
        if self.device.type == "cuda":
            torch.cuda.synchronize()
            for _ in range(reps):
                a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                a.record()
                fn()
                b.record()
                b.synchronize()
                times.append(a.elapsed_time(b) / 1e3)
        else:
            for _ in range(reps):
                t = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t)
        return statistics.median(times)


# ---- 1. matmul efficiency against shape ---------------------------------------------------------


def bench_matmul(device, timer, peak_bf16, peak_fp8, quick, dry):
    rows = []
    ms = [1, 8, 16, 32, 64, 65, 128, 256, 512, 1024, 2048, 4096, 8192, 16384] if not quick else [1, 16, 64, 65, 256, 1024, 4096]
    shapes = [(4096, 4096), (4096, 14336), (14336, 4096), (8192, 28672)] if not quick else [(4096, 14336), (8192, 28672)]
    if dry:
        ms, shapes = [1, 8, 64], [(64, 128)]
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    for k, n in shapes:
        w = torch.randn(k, n, device=device, dtype=dtype)
        for m in ms:
            x = torch.randn(m, k, device=device, dtype=dtype)
            t = timer(lambda: x @ w)
            flops = 2.0 * m * k * n
            rows.append(dict(m=m, k=k, n=n, dtype="bf16", seconds=t, flopsPerSecond=flops / t, efficiency=flops / t / peak_bf16))
            if peak_fp8 and device.type == "cuda" and hasattr(torch, "_scaled_mm"):
                try:
                    x8 = x.to(torch.float8_e4m3fn)
                    w8 = w.t().contiguous().to(torch.float8_e4m3fn).t()  # column-major second operand
                    one = torch.ones((), device=device)
                    mm = lambda: torch._scaled_mm(x8, w8, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
                    t8 = timer(mm)
                    rows.append(dict(m=m, k=k, n=n, dtype="fp8", seconds=t8, flopsPerSecond=flops / t8, efficiency=flops / t8 / peak_fp8))
                except Exception as e:  # FP8 GEMM shapes must be multiples of 16; older PyTorch lacks it
                    rows.append(dict(m=m, k=k, n=n, dtype="fp8", error=str(e)[:200]))
    return rows


# ---- 2. HBM bandwidth --------------------------------------------------------------------------


def bench_hbm(device, timer, peak_bw, dry):
    n = (2 << 30) // 2 if not dry else 1 << 20  # 2 GiB of BF16: far beyond L2
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    a = torch.empty(n, device=device, dtype=dtype).normal_()
    b = torch.empty_like(a)
    nbytes = a.numel() * a.element_size()
    t_read = timer(lambda: a.sum(dtype=torch.float32))
    t_copy = timer(lambda: b.copy_(a))
    return [
        dict(kind="read (sum)", bytes=nbytes, seconds=t_read, bytesPerSecond=nbytes / t_read, fraction=nbytes / t_read / peak_bw),
        dict(kind="copy (read + write)", bytes=2 * nbytes, seconds=t_copy, bytesPerSecond=2 * nbytes / t_copy, fraction=2 * nbytes / t_copy / peak_bw),
    ]


# ---- 3. launch latency -------------------------------------------------------------------------


def bench_launch(device, timer, dry):
    x = torch.zeros(256, device=device)
    kernels = 1000 if not dry else 20

    def eager():
        for _ in range(kernels):
            x.add_(1.0)

    out = [dict(mode="eager", kernels=kernels, secondsPerKernel=timer(eager, reps=10, warmup=2) / kernels)]
    if device.type == "cuda":
        g = torch.cuda.CUDAGraph()
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            eager()
        torch.cuda.current_stream().wait_stream(s)
        with torch.cuda.graph(g):
            eager()
        out.append(dict(mode="cuda-graph", kernels=kernels, secondsPerKernel=timer(g.replay, reps=10, warmup=2) / kernels))
    return out


# ---- 4. a Llama-shaped model with random weights -------------------------------------------------


class Llama(torch.nn.Module):
    """Llama 3 decoder: RMSNorm, GQA attention with RoPE, SwiGLU MLP. Weights random; only time matters."""

    def __init__(self, c, device, dtype):
        super().__init__()
        self.c = c
        h, q, kv, d, f = c["hidden"], c["heads"], c["kv_heads"], c["head_dim"], c["intermediate"]
        mk = lambda *s: torch.nn.Parameter(torch.randn(*s, device=device, dtype=dtype) * 0.02, requires_grad=False)
        self.embed = mk(c["vocab"], h)
        self.layers = []
        for _ in range(c["layers"]):
            self.layers.append(dict(n1=mk(h), qkv=mk(h, (q + 2 * kv) * d), o=mk(q * d, h), n2=mk(h), gu=mk(h, 2 * f), down=mk(f, h)))
        self.norm = mk(h)
        self.head = mk(h, c["vocab"])
        inv = 1.0 / (500000.0 ** (torch.arange(0, d, 2, device=device, dtype=torch.float32) / d))
        self.inv_freq = inv

    @staticmethod
    def rms(x, w):
        return F.rms_norm(x, (x.shape[-1],), w) if hasattr(F, "rms_norm") else x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w

    def rope(self, x, pos):
        f = pos[:, :, None].float() * self.inv_freq[None, None, :]
        cos, sin = f.cos()[:, None].to(x.dtype), f.sin()[:, None].to(x.dtype)
        x1, x2 = x[..., ::2], x[..., 1::2]
        return torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1).flatten(-2)

    def forward(self, tokens, pos, kcache, vcache, start):
        """tokens [B, T]; pos [B, T]; caches [L, B, kv, S, d]; writes positions start..start+T."""
        c = self.c
        B, T = tokens.shape
        q_, kv_, d = c["heads"], c["kv_heads"], c["head_dim"]
        x = self.embed[tokens]
        end = start + T
        for i, L in enumerate(self.layers):
            y = self.rms(x, L["n1"]) @ L["qkv"]
            q, k, v = y.split([q_ * d, kv_ * d, kv_ * d], dim=-1)
            q = self.rope(q.view(B, T, q_, d).transpose(1, 2), pos)
            k = self.rope(k.view(B, T, kv_, d).transpose(1, 2), pos)
            v = v.view(B, T, kv_, d).transpose(1, 2)
            kcache[i, :, :, start:end] = k
            vcache[i, :, :, start:end] = v
            K = kcache[i, :, :, :end].repeat_interleave(q_ // kv_, dim=1)
            V = vcache[i, :, :, :end].repeat_interleave(q_ // kv_, dim=1)
            a = F.scaled_dot_product_attention(q, K, V, is_causal=T > 1 and start == 0)
            x = x + a.transpose(1, 2).reshape(B, T, q_ * d) @ L["o"]
            g, u = (self.rms(x, L["n2"]) @ L["gu"]).chunk(2, dim=-1)
            x = x + (F.silu(g) * u) @ L["down"]
        return self.rms(x[:, -1:], self.norm) @ self.head


def bench_model(device, timer, c, quick, dry, free_bytes):
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    model = Llama(c, device, dtype)
    esize = torch.tensor([], dtype=dtype).element_size()
    kv_per_token = 2 * c["layers"] * c["kv_heads"] * c["head_dim"] * esize
    decode, prefill = [], []
    batches = [1, 8, 32, 64, 128] if not quick else [1, 32]
    contexts = [512, 2048, 8192] if not quick else [1024]
    lengths = [128, 512, 2048, 8192] if not quick else [512, 2048]
    if dry:
        batches, contexts, lengths = [1, 2], [16], [8, 16]
    for b in batches:
        for ctx in contexts:
            need = b * (ctx + 1) * kv_per_token * 1.15  # the cache plus the repeated K/V of one layer
            if need > free_bytes:
                decode.append(dict(batch=b, context=ctx, skipped=f"KV cache {need/1e9:.1f} GB exceeds free memory"))
                continue
            S = ctx + 1
            kc = torch.zeros(c["layers"], b, c["kv_heads"], S, c["head_dim"], device=device, dtype=dtype)
            vc = torch.zeros_like(kc)
            tok = torch.randint(0, c["vocab"], (b, 1), device=device)
            pos = torch.full((b, 1), ctx, device=device)
            step = lambda: model(tok, pos, kc, vc, ctx)
            t_eager = timer(step, reps=10, warmup=3)
            row = dict(batch=b, context=ctx, eagerSeconds=t_eager)
            if device.type == "cuda":
                try:
                    g = torch.cuda.CUDAGraph()
                    s = torch.cuda.Stream()
                    s.wait_stream(torch.cuda.current_stream())
                    with torch.cuda.stream(s):
                        step()
                    torch.cuda.current_stream().wait_stream(s)
                    with torch.cuda.graph(g):
                        step()
                    row["graphSeconds"] = timer(g.replay, reps=20, warmup=3)
                    del g
                except Exception as e:
                    row["graphError"] = str(e)[:200]
            decode.append(row)
            del kc, vc
            if device.type == "cuda":
                torch.cuda.empty_cache()
    for T in lengths:
        need = T * kv_per_token * 1.2 + T * c["intermediate"] * 2 * esize * 4
        if need > free_bytes:
            prefill.append(dict(tokens=T, skipped="does not fit"))
            continue
        kc = torch.zeros(c["layers"], 1, c["kv_heads"], T, c["head_dim"], device=device, dtype=dtype)
        vc = torch.zeros_like(kc)
        tok = torch.randint(0, c["vocab"], (1, T), device=device)
        pos = torch.arange(T, device=device)[None]
        t = timer(lambda: model(tok, pos, kc, vc, 0), reps=5, warmup=2)
        prefill.append(dict(tokens=T, seconds=t))
        del kc, vc
    return decode, prefill


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer shapes (about a minute)")
    ap.add_argument("--dry-run", action="store_true", help="tiny shapes on the CPU; checks the code path and writes nothing")
    ap.add_argument("--hardware", help="catalog hardware id (default: detected from the GPU name)")
    ap.add_argument("--peak-tflops", type=float, help="dense BF16 peak, TFLOP/s (default: the catalog's)")
    ap.add_argument("--peak-tbps", type=float, help="HBM bandwidth, TB/s (default: the catalog's)")
    ap.add_argument("--layers", type=int, help="layers of the Llama-shaped model (default: 32, Llama-3.1-8B)")
    ap.add_argument("--out", help="output folder, or a .json file named <source id>.json (default: data/measurements/, file gpu-bench-<hardware>-<date>.json)")
    args = ap.parse_args()

    dry = args.dry_run
    device = torch.device("cpu" if dry or not torch.cuda.is_available() else "cuda")
    if device.type != "cuda" and not dry:
        sys.exit("no GPU: run with --dry-run to check the script on the CPU")
    torch.manual_seed(0)
    prov = provenance(device)
    if dry:
        hw, peak16, peak8, peak_bw = "cpu-dry-run", 1e12, None, 1e11
    else:
        hw, peak16, peak8, peak_bw = chip_of(prov["gpu"], args)
        hw = args.hardware or hw
    timer = Timer(device)
    t0 = time.time()
    mm = bench_matmul(device, timer, peak16, peak8, args.quick, dry)
    hbm = bench_hbm(device, timer, peak_bw, dry)
    launch = bench_launch(device, timer, dry)
    c = dict(LLAMA_8B)
    if dry:
        c = dict(hidden=64, layers=2, heads=4, kv_heads=2, head_dim=16, intermediate=128, vocab=256)
    if args.layers:
        c["layers"] = args.layers
    free = torch.cuda.mem_get_info()[0] - 20e9 if device.type == "cuda" else 1e9  # leave room for the weights' activations
    model_id = "llama-3.1-8b" if c["layers"] == 32 and not dry else f"configs/llama-shaped-{c['layers']}l.json"
    decode, prefill = bench_model(device, timer, c, args.quick, dry, free)
    src = f"gpu-bench-{hw}-{prov['date']}"
    doc = document(src, prov, time.time() - t0, to_rows(src, hw, prov, mm, hbm, launch, decode, prefill, model_id, c))
    summary = dict(
        matmulEfficiency={f"{r['dtype']} m={r['m']} {r['k']}x{r['n']}": round(r.get("efficiency", float("nan")), 3) for r in mm},
        hbm=[(r["kind"], round(r["fraction"], 3)) for r in hbm],
        launchSecondsPerKernel=[(r["mode"], r["secondsPerKernel"]) for r in launch],
        decode=decode,
        prefill=prefill,
    )
    print(json.dumps(summary, indent=1, default=str))
    if dry:
        print(f"dry run: {len(doc['rows'])} rows would be written", file=sys.stderr)
        return 0
    out = args.out or os.path.join(os.path.dirname(__file__), "..", "..", "data", "measurements")
    if not out.endswith(".json"):  # a folder: the file is named by its source id, as the schema asks
        out = os.path.join(out, f"{src}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
    if model_id.startswith("configs/"):
        # A trimmed model is outside the catalog: its config.json goes beside the rows.
        cfg = dict(architectures=["LlamaForCausalLM"], model_type="llama", hidden_size=c["hidden"], num_hidden_layers=c["layers"], num_attention_heads=c["heads"],
                   num_key_value_heads=c["kv_heads"], head_dim=c["head_dim"], intermediate_size=c["intermediate"], vocab_size=c["vocab"], tie_word_embeddings=False,
                   max_position_embeddings=131072, rope_theta=500000.0, torch_dtype="bfloat16")
        cpath = os.path.join(os.path.dirname(out), model_id)
        os.makedirs(os.path.dirname(cpath), exist_ok=True)
        with open(cpath, "w") as f:
            json.dump(cfg, f, indent=1)
    print(f"wrote {len(doc['rows'])} rows to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
