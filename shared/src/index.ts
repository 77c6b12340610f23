export * from "./errors/index.js";
export * from "./signatures/index.js";
