export * from "./events.js";
export * from "./fields.js";
export * from "./limits.js";
export * from "./parse-request.js";
export * from "./replies.js";
export * from "./requests.js";
export * from "./version.js";
