/**
 * The memory a chip reports to CUDA (cudaGetDeviceProperties totalGlobalMem; cudaMemGetInfo's total), which is what
 * the serving engines size their KV cache against: vLLM's gpu_memory_utilization and SGLang's mem_fraction_static are
 * fractions of it, TensorRT-LLM's free_gpu_memory_fraction a fraction of what it leaves free after the weights. The
 * catalog's hbmBytes stays the vendor's marketed capacity (read as 10⁹ B per "GB": the ideal's memory checks use it);
 * where a device query is published, this is its own figure with its own source, used by `roofline validate` for the
 * engine's memory budget. Off the first page: only validate.ts imports it.
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { Quantity } from "../formula/formula.ts";

const GIB = 2 ** 30;

interface DeviceMemory {
  bytes: number;
  what: string;
  source: { title: string; url: string };
}

/** By catalog hardware id: only chips whose device query is published. */
export const DEVICE_MEMORY: Readonly<Record<string, DeviceMemory>> = {
  "nvidia-b200-hgx": {
    // 178.35 of 2^30 B: nvidia-smi on B200 shows 183,359 MiB (TensorRT-LLM #10278), 729 MiB above it; read as 10^9 B
    // it would sit 13 GB under nvidia-smi's total, so the query's "GB" is GiB.
    bytes: 178.35 * GIB,
    what: "178.35 GiB, cudaGetDeviceProperties totalGlobalMem on an NVIDIA B200 (the catalog's 180 GB is the marketed figure)",
    source: {
      title: "pytorch/ao PR #4002 (2026-03-05), \"update b200 peak memory bandwidth\": a CUDA device query on an NVIDIA B200 prints Total Global Memory: 178.35 GB (GiB: nvidia-smi on B200 shows 183359MiB total, NVIDIA/TensorRT-LLM issue #10278)",
      url: "https://github.com/pytorch/ao/pull/4002",
    },
  },
};

/** The chip's CUDA-reported memory, or null where no device query is published (the catalog's capacity then stands). */
export function deviceMemoryBytes(hardware: HardwareSpec): Quantity | null {
  const d = DEVICE_MEMORY[hardware.id];
  return d ? { value: d.bytes, origin: { kind: "constant", reason: d.what, source: d.source } } : null;
}
