/** The charts kept as golden SVGs (golden.test.ts); the label test (labels.test.ts) measures every one of them. */
export const GOLDEN_CASES: { file: string; query: string; chart: string }[] = [
  { file: "batch-time.svg", query: "page=batch", chart: "batch-time" },
  { file: "batch-cost.svg", query: "page=batch", chart: "batch-cost" },
  { file: "batch-time-h100-llama70b.svg", query: "page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&ctx=2048", chart: "batch-time" },
  { file: "context-cost.svg", query: "page=context", chart: "context-cost" },
  { file: "context-cost-gpt-oss-120b.svg", query: "page=context&model=gpt-oss-120b&hw=nvidia-b200-hgx&chips=8", chart: "context-cost" },
  { file: "prefill-cost.svg", query: "page=prefill", chart: "prefill-cost" },
  { file: "prefill-time.svg", query: "page=prefill", chart: "prefill-time" },
  { file: "train-timeline.svg", query: "page=train", chart: "train-timeline" },
  { file: "hardware-flop-per-byte.svg", query: "page=hardware", chart: "hardware-flop-per-byte" },
  { file: "hardware-drain.svg", query: "page=hardware", chart: "hardware-drain" },
  { file: "hardware-scale-up.svg", query: "page=hardware", chart: "hardware-scale-up" },
  { file: "model-parts.svg", query: "page=model", chart: "model-parts" },
  { file: "operators-roofline.svg", query: "page=operators", chart: "operators-roofline" },
  { file: "batch-time-compare.svg", query: "page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=eff:expected;hw:amd-mi355x,kv:fp4", chart: "batch-time" },
  { file: "operators-roofline-compare.svg", query: "page=operators&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=hw:amd-mi300x;eff:expected", chart: "operators-roofline" },
  { file: "hardware-energy.svg", query: "page=hardware&model=llama-3.1-70b&chips=8&cmp=kv:fp4", chart: "hardware-energy" },
  { file: "serving-energy.svg", query: "page=serving&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&x.rate=2&x.n=200", chart: "serving-energy" },
];

