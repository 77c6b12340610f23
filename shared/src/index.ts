export * from "./errors/index.js";
export * from "./signatures/index.js";
export * from "./protocol/index.js";
export * from "./auth-token/index.js";
export * from "./pagopa/index.js";
export * from "./cns/index.js";
export * from "./encoding/index.js";
export * from "./trust/index.js";
