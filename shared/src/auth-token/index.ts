export * from "./auth-token-schema.js";
