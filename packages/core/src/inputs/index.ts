export * from "./define.ts";
export * from "./roofline.ts";
export * from "./registry.ts";
