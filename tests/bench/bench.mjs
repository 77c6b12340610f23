// npm run bench: each figure as a ratio against an anchor measured in the same run on this
// machine; prints one table and writes tests/artifacts/bench.json. Never part of npm test.
// Sections run alone with `node tests/bench/bench.mjs start ws ...` (see SECTIONS; build and
// `npm run bundle -w agent` first), writing tests/artifacts/bench.<sections>.json instead.
// BENCH_AGENT_NODE_OPTIONS passes node flags to the served agent ("--cpu-prof --cpu-prof-dir=DIR");
// BENCH_PARALLEL_DOCUMENTS sets how many documents the batch keeps under way, BENCH_PIECES_IN_FLIGHT
// how many sign.chunk / sign.fetch pieces of one large document.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_LIMITS } from "@cns-bridge/shared";
import { bundleSizeRows, WEB_EID_ANCHORS } from "../support/bundle-sizes.mjs";
import pkcs11js from "pkcs11js";
import WebSocket from "ws";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXTENSION = "chrome-extension://ibjopldpmkdpncckfnebdohilediokme";
const CLI = join(ROOT, "agent/bin/cns-agent");
const manifest = JSON.parse(readFileSync(join(ROOT, ".state/pki/manifest.json"), "utf8"));
const holder = manifest.tokens["holder-rsa"];
const env = { ...process.env, SOFTHSM2_CONF: manifest.softhsm2Conf, CNS_BRIDGE_MODULE: manifest.modulePath };
process.env.SOFTHSM2_CONF = manifest.softhsm2Conf;
const work = mkdtempSync(join(tmpdir(), "cns-bench-"));
const rows = [];
/** `node tests/bench/bench.mjs ws batch` runs only those sections (all by default). */
const SECTIONS = ["start", "ws", "batch", "detached", "attached", "pades", "bundle"];
const wanted = process.argv.slice(2);
for (const name of wanted)
  if (!SECTIONS.includes(name)) throw new Error(`unknown section ${name}: ${SECTIONS}`);
const runs = (section) => wanted.length === 0 || wanted.includes(section);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** Runs a command under /usr/bin/time: wall ms, CPU ms (user + system) and peak RSS in MiB. */
function timed(command, args, input) {
  const start = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-f", "%M %U %S", command, ...args], {
    env,
    input,
    maxBuffer: 1 << 26,
  });
  const wall = ms(start);
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${String(run.stderr).slice(-1500)}`);
  const lines = String(run.stderr).trim().split("\n");
  const [rss, user, system] = (lines[lines.length - 1] ?? "").split(" ").map(Number);
  return { ms: wall, cpuMs: (user + system) * 1000, rssMiB: rss / 1024 };
}

/**
 * Runs the anchor and our command `count` times, alternating, and keeps the medians: other
 * processes share the cores, so one run of each can land on very different loads.
 */
function compare(anchor, ours, count = 3) {
  const a = [];
  const o = [];
  for (let i = 0; i < count; i += 1) {
    a.push(anchor());
    o.push(ours());
  }
  const summary = (runs) => ({
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rssMiB: Math.max(...runs.map((r) => r.rssMiB)),
  });
  return { anchor: summary(a), ours: summary(o) };
}

/** `cns-agent sign` of `inputs` with the holder's PIN on stdin. */
function cliSign(args) {
  return timed(
    process.execPath,
    [CLI, "sign", ...args, "--token", holder.label, "--pin-stdin"],
    `${holder.userPin}\n`,
  );
}

/** What any signature costs whatever the size: Node and agent start, module, login, certificate, one C_Sign. */
let fixedCost;
function cliFixedCost() {
  if (fixedCost !== undefined) return fixedCost;
  const tiny = join(work, "tiny.txt");
  writeFileSync(tiny, "x");
  const runs = Array.from({ length: 3 }, () =>
    cliSign(["--format", "cades", "--detached", "--in", tiny, "--out", join(work, "tiny.p7s")]),
  );
  fixedCost = { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
  return fixedCost;
}

function row(figure, measured, anchor, ratio, target, holds, note = "") {
  rows.push({ figure, measured, anchor, ratio: Number(ratio.toFixed(3)), target, holds, note });
}

// --- raw pkcs11js C_Sign on the same SoftHSM2 key: the anchor of the first two figures ---
/** A logged-in pkcs11js session of this process on the holder's key; `sign()` is one timed C_SignInit + C_Sign. */
function openRawSigner() {
  const p11 = new pkcs11js.PKCS11();
  p11.load(manifest.modulePath);
  p11.C_Initialize();
  const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === holder.label);
  const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  p11.C_Login(session, pkcs11js.CKU_USER, holder.userPin);
  p11.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(holder.certificates.authentication.id, "hex") },
  ]);
  const [key] = p11.C_FindObjects(session, 1);
  p11.C_FindObjectsFinal(session);
  const digestInfo = Buffer.alloc(51, 7);
  return {
    sign() {
      const start = process.hrtime.bigint();
      p11.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      p11.C_Sign(session, digestInfo, Buffer.alloc(512));
      return ms(start);
    },
    close() {
      p11.C_Logout(session);
      p11.C_CloseSession(session);
      p11.C_Finalize();
    },
  };
}

// --- the agent as the extension uses it ---
async function freePort() {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU time (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function startServe() {
  const wanted = await freePort();
  const start = process.hrtime.bigint();
  // BENCH_AGENT_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR" profiles the served agent.
  const nodeOptions = (process.env.BENCH_AGENT_NODE_OPTIONS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeOptions, CLI, "serve", "--port", String(wanted)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise((resolve, reject) => {
    let text = "";
    const onData = (piece) => {
      text += piece;
      const match = /listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (match === null) return;
      // From here on its output is drained unread: matching the growing log would cost this
      // process CPU on the cores the agent is measured on.
      child.stdout.off("data", onData);
      child.stderr.off("data", onData);
      child.stdout.resume();
      child.stderr.resume();
      resolve(Number(match[1]));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
  const startMs = ms(start);
  const startCpuMs = cpuMsOf(child.pid);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;
  return { child, port, startMs, startCpuMs, rssMiB };
}

function client(port) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { origin: EXTENSION });
    let next = 1;
    const pending = new Map();
    socket.on("message", (data) => {
      const reply = JSON.parse(String(data));
      pending.get(reply.id)?.(reply);
      pending.delete(reply.id);
    });
    const request = (type, fields = {}) =>
      new Promise((done) => {
        const id = `b${next++}`;
        pending.set(id, done);
        socket.send(JSON.stringify({ v: 1, id, type, ...fields }));
      });
    socket.once("open", () => resolve({ request, close: () => socket.close() }));
    socket.once("error", reject);
  });
}

async function main() {
  if (runs("start") || runs("ws")) await benchServe();
  if (runs("batch")) await benchBatch();
  if (runs("detached")) benchDetached();
  if (runs("attached")) benchAttached();
  if (runs("pades")) await benchPades();
  if (runs("bundle")) benchBundle();
  report();
}

/** Whether bin/cns-agent runs the bundle (dist/bundle, as installed) or the unbundled dist. */
function agentBuild() {
  const mtime = (path) => statSync(join(ROOT, path), { throwIfNoEntry: false })?.mtimeMs;
  const bundle = mtime("agent/dist/bundle/cns-agent.cjs");
  const builds = [mtime("agent/tsconfig.tsbuildinfo"), mtime("shared/tsconfig.tsbuildinfo")];
  return bundle !== undefined && builds.every((built) => built === undefined || built <= bundle)
    ? "bundled"
    : "unbundled (dist/bundle missing or older than the tsc build)";
}

async function benchServe() {
  // Cold start and idle memory: the median of several starts (other processes share the cores).
  const starts = [];
  for (let i = 0; i < 5; i += 1) {
    const served = await startServe();
    starts.push(served);
    served.child.kill("SIGTERM");
    await new Promise((resolve) => served.child.once("exit", resolve));
  }
  const bare = median(Array.from({ length: 5 }, () => timed(process.execPath, ["-e", "0"]).ms));
  const startMs = median(starts.map((s) => s.startMs));
  const startCpuMs = median(starts.map((s) => s.startCpuMs));
  const rssMiB = median(starts.map((s) => s.rssMiB));
  // Judged on the CPU time the agent used until it listened: other processes share the 2 cores,
  // and the wall time then mostly measures how long the agent waited for a core.
  row(
    "agent cold start to listening",
    `${startCpuMs.toFixed(0)} ms CPU, ${startMs.toFixed(0)} ms wall`,
    "target 300 ms",
    startCpuMs / 300,
    "<= 300 ms",
    startCpuMs <= 300,
    `median of 5, ${agentBuild()}, includes Node start; judged on CPU time to listening because the ` +
      `cores are shared (bare node -e 0 took ${bare.toFixed(0)} ms wall meanwhile)`,
  );
  row(
    "agent idle RSS",
    `${rssMiB.toFixed(1)} MiB`,
    "target 80 MiB",
    rssMiB / 80,
    "<= 80 MiB",
    rssMiB <= 80,
    "median of 5, 0.5 s after listening",
  );
  if (!runs("ws")) return;

  // Round trip after login, interleaved with the raw anchor so both see the same machine load.
  const served = await startServe();
  const raw = openRawSigner();
  try {
    const c = await client(served.port);
    const login = await c.request("token.login", { token: holder.label, pin: holder.userPin });
    if (login.type !== "token.login.result") throw new Error(JSON.stringify(login));
    const socketTimes = [];
    const rawTimes = [];
    for (let round = 0; round < 12; round += 1) {
      const keep = round >= 2; // the first rounds warm up both paths
      for (let i = 0; i < 25; i += 1) {
        const t = raw.sign();
        if (keep) rawTimes.push(t);
      }
      for (let i = 0; i < 25; i += 1) {
        const nonce = Buffer.alloc(32, round * 25 + i).toString("base64");
        const start = process.hrtime.bigint();
        const reply = await c.request("auth.sign", {
          token: holder.label,
          origin: "https://a.example.it",
          nonce,
        });
        if (reply.type !== "auth.sign.result") throw new Error(JSON.stringify(reply));
        if (keep) socketTimes.push(ms(start));
      }
    }
    const roundTrip = median(socketTimes);
    const rawMedian = median(rawTimes);
    row(
      "WebSocket sign-a-digest round trip",
      `${roundTrip.toFixed(3)} ms`,
      `raw C_Sign ${rawMedian.toFixed(3)} ms`,
      roundTrip / rawMedian,
      "<= raw + 1 ms",
      roundTrip <= rawMedian + 1,
      "medians of 250 each, interleaved in rounds of 25",
    );
    c.close();
  } finally {
    raw.close();
    served.child.kill("SIGTERM");
  }
}

/**
 * Signs `documents` through the socket the way the extension does: up to `parallel` documents
 * under way at once, each one request at a time. A document of at most maxInlineBytes goes inline
 * in sign.start and comes back in the sign.finish reply (2 round trips); a larger one is sent in
 * sign.chunk pieces and fetched with sign.fetch. Every output is checked against the size and
 * SHA-256 the agent announced; `onOutput` gets it.
 */
/**
 * Pieces of one document under way at once (sign.chunk, sign.fetch): one, as the extension's
 * signBytes sends them (4 measured no faster here: the agent's work per piece dominates).
 */
const PIECES_IN_FLIGHT = Number(process.env.BENCH_PIECES_IN_FLIGHT ?? 1);

/** Runs task(0..count-1) in order of start with up to PIECES_IN_FLIGHT unanswered. */
async function windowed(count, task) {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(PIECES_IN_FLIGHT, count) }, lane));
}

async function signOverSocket(c, documents, parallel, format = "cades", onOutput = () => undefined) {
  let next = 0;
  const expect = (reply, type) => {
    if (reply.type !== `${type}.result`) throw new Error(JSON.stringify(reply));
    return reply;
  };
  const worker = async () => {
    while (next < documents.length) {
      const doc = documents[next++];
      const inline = doc.bytes.length <= PROTOCOL_LIMITS.maxInlineBytes;
      const { jobId } = expect(
        await c.request("sign.start", {
          token: holder.label,
          format,
          fileName: doc.name,
          size: doc.bytes.length,
          sha256: doc.sha256,
          ...(inline ? { content: doc.bytes.toString("base64") } : {}),
        }),
        "sign.start",
      );
      const chunkCount = inline ? 0 : Math.ceil(doc.bytes.length / PROTOCOL_LIMITS.chunkBytes);
      await windowed(chunkCount, async (seq) => {
        const piece = doc.bytes.subarray(
          seq * PROTOCOL_LIMITS.chunkBytes,
          (seq + 1) * PROTOCOL_LIMITS.chunkBytes,
        );
        expect(await c.request("sign.chunk", { jobId, seq, data: piece.toString("base64") }), "sign.chunk");
      });
      const finish = expect(await c.request("sign.finish", { jobId }), "sign.finish");
      const pieces = finish.data === undefined ? [] : [Buffer.from(finish.data, "base64")];
      await windowed(finish.chunkCount, async (index) => {
        const { data } = expect(await c.request("sign.fetch", { jobId, index }), "sign.fetch");
        pieces[index] = Buffer.from(data, "base64");
      });
      const output = Buffer.concat(pieces);
      if (
        output.length !== finish.outputSize ||
        createHash("sha256").update(output).digest("hex") !== finish.sha256
      )
        throw new Error(`${doc.name}: the output is not what the agent announced`);
      onOutput(doc, output);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Documents the client keeps under way, one request each (the connection allows 8 in flight; 8 measured no faster). */
const PARALLEL_DOCUMENTS = Number(process.env.BENCH_PARALLEL_DOCUMENTS ?? 4);

async function benchBatch() {
  // 200 small CAdES over the agent's socket after one login vs a raw C_Sign loop, alternating.
  const documents = Array.from({ length: 200 }, (_, i) => {
    const bytes = Buffer.from(`documento ${i}\n`.repeat(100));
    return { name: `doc-${i}.txt`, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  });
  const served = await startServe();
  const raw = openRawSigner();
  try {
    const c = await client(served.port);
    const login = await c.request("token.login", { token: holder.label, pin: holder.userPin });
    if (login.type !== "token.login.result") throw new Error(JSON.stringify(login));
    await signOverSocket(c, documents.slice(0, 20), 4); // warm-up
    const rawLoops = [];
    const batches = [];
    for (let round = 0; round < 3; round += 1) {
      rawLoops.push(documents.reduce((total) => total + raw.sign(), 0));
      const start = process.hrtime.bigint();
      await signOverSocket(c, documents, PARALLEL_DOCUMENTS);
      batches.push(ms(start));
    }
    c.close();
    const rawLoopMs = median(rawLoops);
    const batchMs = median(batches);
    const share = rawLoopMs / batchMs;
    row(
      "batch of 200 small CAdES, one login",
      `${batchMs.toFixed(0)} ms`,
      `raw C_Sign loop ${rawLoopMs.toFixed(0)} ms`,
      share,
      ">= 0.70 of raw throughput",
      share >= 0.7,
      `over the socket after one login, ${PARALLEL_DOCUMENTS} documents under way at a time; medians of 3 alternating rounds. ` +
        `${(batchMs / documents.length).toFixed(2)} ms per document against ${(rawLoopMs / documents.length).toFixed(2)} ms per C_Sign. ` +
        "Each document (1.4 KiB) goes inline: sign.start with the content, sign.finish with the signed output (2 round trips, " +
        "held in memory, no temp file); the CMS reuses the signer's encoded parts (certificate, ESS signing-certificate-v2, " +
        "algorithm identifiers). The C_Sign runs on a libuv thread while the agent's main thread builds the next documents, " +
        "but on 2 shared cores the agent, its signing thread and this client compete for the same CPU, which the raw loop " +
        "(one thread, no protocol) does not",
    );
  } finally {
    raw.close();
    served.child.kill("SIGTERM");
  }
}

function benchDetached() {
  // detached CAdES of 1 GiB vs openssl dgst -sha256
  const big = join(work, "big.bin");
  execFileSync("sh", ["-c", `head -c ${1024 ** 3} /dev/urandom > ${big}`]);
  const idle = timed(process.execPath, [CLI, "--help"]);
  const fixed = cliFixedCost();
  const { anchor, ours } = compare(
    () => timed("openssl", ["dgst", "-sha256", big]),
    () => cliSign(["--format", "cades", "--detached", "--in", big, "--out", join(work, "big.p7s")]),
  );
  const ratio = ours.ms / anchor.ms;
  const growth = ours.rssMiB - idle.rssMiB;
  row(
    "detached CAdES of 1 GiB",
    `${ours.ms.toFixed(0)} ms, peak RSS ${ours.rssMiB.toFixed(0)} MiB`,
    `openssl dgst -sha256 ${anchor.ms.toFixed(0)} ms`,
    ratio,
    "<= 1.3x time, RSS growth <= 64 MiB",
    ratio <= 1.3 && growth <= 64,
    `medians of 3 alternating runs; CPU ${ours.cpuMs.toFixed(0)} ms vs ${anchor.cpuMs.toFixed(0)} ms ` +
      `(${(ours.cpuMs / anchor.cpuMs).toFixed(2)}x), of which the fixed cost of any signature ` +
      `(start, login, certificate; a 1-byte file) is ${fixed.cpuMs.toFixed(0)} ms CPU, ${fixed.ms.toFixed(0)} ms wall; ` +
      `RSS growth over a bare CLI run (${idle.rssMiB.toFixed(0)} MiB): ${growth.toFixed(0)} MiB`,
  );
  rmSync(big);
}

/** A throw-away RSA-2048 key and self-signed certificate (PEM files in the work dir) for the anchors' software signers. */
function softwareKey(name) {
  const key = join(work, `${name}.key`);
  const cert = join(work, `${name}.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-subj",
      "/CN=bench",
      "-days",
      "1",
    ],
    { stdio: "ignore" },
  );
  return { key, cert };
}

function benchAttached() {
  const idle = timed(process.execPath, [CLI, "--help"]);
  const fixed = cliFixedCost();
  // attached CAdES of 100 MiB vs openssl cms -sign -binary -nodetach with a software key
  const mid = join(work, "mid.bin");
  execFileSync("sh", ["-c", `head -c ${100 * 1024 ** 2} /dev/urandom > ${mid}`]);
  const { key, cert } = softwareKey("soft");
  const { anchor, ours } = compare(
    () =>
      timed("openssl", [
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-in",
        mid,
        "-signer",
        cert,
        "-inkey",
        key,
        "-outform",
        "DER",
        "-out",
        join(work, "mid.openssl.p7m"),
      ]),
    () => cliSign(["--format", "cades", "--in", mid, "--out", join(work, "mid.p7m")]),
  );
  const ratio = ours.ms / anchor.ms;
  const growth = ours.rssMiB - idle.rssMiB;
  row(
    "attached CAdES (.p7m) of 100 MiB",
    `${ours.ms.toFixed(0)} ms, peak RSS ${ours.rssMiB.toFixed(0)} MiB`,
    `openssl cms ${anchor.ms.toFixed(0)} ms, ${anchor.rssMiB.toFixed(0)} MiB`,
    ratio,
    "<= 1.0x time, flat memory",
    ratio <= 1 && growth <= 64,
    `medians of 3 alternating runs; CPU ${ours.cpuMs.toFixed(0)} ms vs ${anchor.cpuMs.toFixed(0)} ms; ` +
      `fixed cost of any signature ${fixed.ms.toFixed(0)} ms wall; RSS growth over a bare CLI run: ${growth.toFixed(0)} MiB`,
  );
}

async function benchPades() {
  // PAdES of a 10 MiB PDF vs poppler's pdfsig signing with a software key in an NSS database
  const { PDFDocument } = await import("pdf-lib");
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  await document.attach(randomBytes(10 * 1024 * 1024), "dati.bin", { mimeType: "application/octet-stream" });
  const pdf = join(work, "ten.pdf");
  writeFileSync(pdf, await document.save({ useObjectStreams: false }));
  const { key, cert } = softwareKey("pades");
  const p12 = join(work, "pades.p12");
  execFileSync("openssl", [
    "pkcs12",
    "-export",
    "-inkey",
    key,
    "-in",
    cert,
    "-name",
    "bench",
    "-out",
    p12,
    "-passout",
    "pass:",
  ]);
  const nss = join(work, "nss");
  mkdirSync(nss);
  execFileSync("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
  execFileSync("pk12util", ["-i", p12, "-d", `sql:${nss}`, "-W", ""], { stdio: "ignore" });
  const pdfsig = () =>
    timed("pdfsig", [
      "-nssdir",
      `sql:${nss}`,
      "-nick",
      "bench",
      "-add-signature",
      pdf,
      join(work, "ten.pdfsig.pdf"),
    ]);
  await benchPadesThroughAgent(pdf, pdfsig);
  const fixed = cliFixedCost();
  const { anchor, ours } = compare(
    () =>
      timed("pdfsig", [
        "-nssdir",
        `sql:${nss}`,
        "-nick",
        "bench",
        "-add-signature",
        pdf,
        join(work, "ten.pdfsig.pdf"),
      ]),
    () => cliSign(["--format", "pades", "--in", pdf, "--out", join(work, "ten.signed.pdf")]),
  );
  const ratio = ours.ms / anchor.ms;
  row(
    `PAdES of a ${(statSync(pdf).size / 1024 ** 2).toFixed(0)} MiB PDF, one-shot CLI`,
    `${ours.ms.toFixed(0)} ms, peak RSS ${ours.rssMiB.toFixed(0)} MiB`,
    `pdfsig (NSS, software key) ${anchor.ms.toFixed(0)} ms, ${anchor.rssMiB.toFixed(0)} MiB`,
    ratio,
    "<= 1.0x",
    ratio <= 1,
    `medians of 3 alternating runs of cns-agent sign --format pades; CPU ${ours.cpuMs.toFixed(0)} ms vs ` +
      `${anchor.cpuMs.toFixed(0)} ms. The fixed cost of any cns-agent signature (Node and agent start, ` +
      `C_Initialize, C_Login, certificate; a 1-byte file) is ${fixed.ms.toFixed(0)} ms wall, ` +
      `${fixed.cpuMs.toFixed(0)} ms CPU: ${fixed.ms >= anchor.ms ? "alone it already exceeds pdfsig's whole run, so 1.0x cannot hold for a one-shot CLI; " : ""}` +
      `the PDF work itself takes about ${Math.max(0, ours.ms - fixed.ms).toFixed(0)} ms`,
  );
}

/**
 * PAdES of the same PDF the way the product signs it: through the agent already running, after
 * login (the browser path), sent in sign.chunk pieces and fetched back, alternating with pdfsig.
 */
async function benchPadesThroughAgent(pdf, pdfsig) {
  const bytes = readFileSync(pdf);
  const document = { name: "dieci.pdf", bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  const served = await startServe();
  try {
    const c = await client(served.port);
    const login = await c.request("token.login", { token: holder.label, pin: holder.userPin });
    if (login.type !== "token.login.result") throw new Error(JSON.stringify(login));
    const signedPath = join(work, "ten.agent.pdf");
    const keep = (_doc, output) => writeFileSync(signedPath, output);
    await signOverSocket(c, [document], 1, "pades", keep); // warm-up: loads the PDF code once
    // The output must be a PDF whose signature poppler finds valid (the test CA is not in its trust store).
    const check = spawnSync("pdfsig", [signedPath], { encoding: "utf8" });
    if (!/Signature Validation: Signature is Valid/.test(check.stdout))
      throw new Error(`pdfsig does not validate the agent's PAdES: ${check.stdout}`);
    const anchors = [];
    const ours = [];
    for (let i = 0; i < 5; i += 1) {
      anchors.push(pdfsig());
      const cpuBefore = cpuMsOf(served.child.pid);
      const start = process.hrtime.bigint();
      await signOverSocket(c, [document], 1, "pades", keep);
      ours.push({ ms: ms(start), cpuMs: cpuMsOf(served.child.pid) - cpuBefore });
    }
    c.close();
    const anchor = { ms: median(anchors.map((r) => r.ms)), cpuMs: median(anchors.map((r) => r.cpuMs)) };
    const oursMs = median(ours.map((r) => r.ms));
    const oursCpuMs = median(ours.map((r) => r.cpuMs));
    const ratio = oursMs / anchor.ms;
    row(
      `PAdES of a ${(bytes.length / 1024 ** 2).toFixed(0)} MiB PDF through the running agent (after login)`,
      `${oursMs.toFixed(0)} ms`,
      `pdfsig (NSS, software key) ${anchor.ms.toFixed(0)} ms`,
      ratio,
      "<= 1.0x",
      ratio <= 1,
      `medians of 5 alternating runs; over the socket as the extension does it: ${Math.ceil(bytes.length / PROTOCOL_LIMITS.chunkBytes)} ` +
        "sign.chunk frames of 1 MiB in, sign.finish, the signed PDF fetched back in 1 MiB pieces, its size and " +
        `SHA-256 checked; agent CPU ${oursCpuMs.toFixed(0)} ms (clock ticks of 10 ms) vs pdfsig CPU ${anchor.cpuMs.toFixed(0)} ms ` +
        "(pdfsig's includes its own start and NSS opening, as a one-shot tool must); poppler validates the output",
    );
  } finally {
    served.child.kill("SIGTERM");
  }
}

/**
 * What each entry loads at start (its own file and the chunks it imports statically), measured
 * from the built manifest and HTML by tests/support/bundle-sizes.mjs (the same figures the
 * bundle-size test enforces). Chunks loaded on demand (pdf.js for a PDF preview, the verifier)
 * have no budget of their own: they are listed in the entry's note.
 */
function benchBundle() {
  const anchors = {
    "content-script": `Web eID ${WEB_EID_ANCHORS.contentScript} KiB`,
    background: `Web eID ${WEB_EID_ANCHORS.background} KiB`,
    page: "target 60 KiB",
  };
  const kib = (bytes) => bytes / 1024;
  const entries = bundleSizeRows();
  for (const entry of entries.filter((candidate) => candidate.kind !== "lazy")) {
    const lazy = entries
      .filter((candidate) => candidate.kind === "lazy" && candidate.name.startsWith(`${entry.name} → `))
      .map(
        (candidate) => `${candidate.name.slice(entry.name.length + 3)} ${kib(candidate.gzip).toFixed(1)} KiB`,
      );
    row(
      `extension ${entry.kind} ${entry.name}, gzip at start`,
      `${kib(entry.gzip).toFixed(1)} KiB`,
      anchors[entry.kind] ?? "target",
      entry.gzip / entry.budget,
      `<= ${kib(entry.budget).toFixed(0)} KiB`,
      entry.holds,
      lazy.length === 0 ? "" : `loaded on demand, not at start: ${lazy.join(", ")}`,
    );
  }
}

function report() {
  console.table(rows.map((r) => ({ ...r, holds: r.holds ? "yes" : "NO" })));
  console.log(`targets holding: ${rows.filter((r) => r.holds).length} of ${rows.length}`);
  for (const miss of rows.filter((r) => !r.holds)) {
    console.log(
      `MISS ${miss.figure}: measured ${miss.measured} against ${miss.anchor} (target ${miss.target})`,
    );
  }
  mkdirSync(join(ROOT, "tests/artifacts"), { recursive: true });
  writeFileSync(
    join(ROOT, `tests/artifacts/bench${wanted.length === 0 ? "" : `.${wanted.join("-")}`}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`,
  );
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
