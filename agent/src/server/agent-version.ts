import { readFileSync } from "node:fs";
import { z } from "zod";

const packageJsonSchema = z.object({ version: z.string() });

/** The agent's version, read once from agent/package.json (the same file from src/ and dist/). */
export const AGENT_VERSION: string = packageJsonSchema.parse(
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")),
).version;
