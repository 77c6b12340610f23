import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away SoftHSM2 token for the PKCS#11 layer's own integration tests: two key pairs
 * generated on the token (RSA-2048 for authentication, EC P-256 for signature) with CNS-shaped
 * certificates issued by a throw-away TEST CA. Everything lives in a temp dir with its own
 * SOFTHSM2_CONF; `remove()` deletes it. Fictitious holder; never a real person's data.
 */
export interface SoftHsmTestToken {
  readonly dir: string;
  readonly modulePath: string;
  readonly softhsm2Conf: string;
  /** SOFTHSM2_CONF for child processes and for this process's module. */
  readonly env: NodeJS.ProcessEnv;
  readonly label: string;
  readonly serial: string;
  readonly userPin: string;
  readonly soPin: string;
  readonly codiceFiscale: string;
  readonly caPem: string;
  readonly certificates: {
    readonly authentication: TestCertificate;
    readonly signature: TestCertificate;
  };
  remove(): void;
}

export interface TestCertificate {
  readonly id: string;
  readonly keyAlgorithm: "RSA" | "EC";
  readonly pemPath: string;
  readonly der: Uint8Array;
}

export const SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so";

const HOLDER = {
  codiceFiscale: "RSSMRA80A01H501U",
  givenName: "MARIO",
  surname: "ROSSI",
};
const USER_PIN = "12345678";
const SO_PIN = "87654321";

/** The fixture's secrets and holder, for checks that they never reach a log. */
export const SOFTHSM_TEST_TOKEN_DATA = { holder: HOLDER, userPin: USER_PIN, soPin: SO_PIN } as const;

const EXTENSIONS = `
[authentication]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
certificatePolicies = 1.3.76.16.2.1
[signature]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
certificatePolicies = 0.4.0.194112.1.2
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
`;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(command, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export function createSoftHsmTestToken(label = `CNS TEST ${process.pid}`): SoftHsmTestToken {
  const dir = mkdtempSync(join(tmpdir(), "cns-agent-softhsm-"));
  const tokensDir = join(dir, "tokens");
  mkdirSync(tokensDir);
  const softhsm2Conf = join(dir, "softhsm2.conf");
  writeFileSync(
    softhsm2Conf,
    `directories.tokendir = ${tokensDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  const env = { ...process.env, SOFTHSM2_CONF: softhsm2Conf };
  const userPin = USER_PIN;
  const soPin = SO_PIN;
  run(
    "softhsm2-util",
    ["--init-token", "--free", "--label", label, "--pin", userPin, "--so-pin", soPin],
    env,
  );
  const tool = (args: readonly string[]): string =>
    run("pkcs11-tool", ["--module", SOFTHSM_MODULE, "--token-label", label, ...args], env);

  const extFile = join(dir, "extensions.cnf");
  writeFileSync(extFile, EXTENSIONS);
  const caKey = join(dir, "ca.key");
  const caPem = join(dir, "ca.pem");
  run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey], env);
  run(
    "openssl",
    [
      "req",
      "-x509",
      "-new",
      "-key",
      caKey,
      "-subj",
      "/C=IT/O=TEST cns-bridge/CN=TEST cns-bridge CA",
      "-days",
      "30",
    ].concat(["-extensions", "ca", "-config", extFileWithReq(dir, extFile), "-out", caPem]),
    env,
  );

  const makePair = (
    id: string,
    keyType: string,
    usage: "authentication" | "signature",
    subject: string,
  ): TestCertificate => {
    tool(["--login", "--pin", userPin, "--keypairgen", "--key-type", keyType, "--id", id, "--label", usage]);
    const publicDer = join(dir, `${id}.pub.der`);
    tool(["--read-object", "--type", "pubkey", "--id", id, "--output-file", publicDer]);
    const publicPem = join(dir, `${id}.pub.pem`);
    run("openssl", ["pkey", "-pubin", "-inform", "DER", "-in", publicDer, "-out", publicPem], env);
    const pemPath = join(dir, `${usage}.pem`);
    run(
      "openssl",
      ["x509", "-new", "-subj", subject, "-force_pubkey", publicPem, "-CA", caPem, "-CAkey", caKey]
        .concat(["-set_serial", `0x${id}01`, "-days", "365", "-extfile", extFile, "-extensions", usage])
        .concat(["-out", pemPath]),
      env,
    );
    const derPath = join(dir, `${usage}.der`);
    run("openssl", ["x509", "-in", pemPath, "-outform", "DER", "-out", derPath], env);
    tool([
      "--login",
      "--pin",
      userPin,
      "--write-object",
      derPath,
      "--type",
      "cert",
      "--id",
      id,
      "--label",
      usage,
    ]);
    return {
      id,
      keyAlgorithm: keyType.startsWith("rsa") ? "RSA" : "EC",
      pemPath,
      der: readFileSync(derPath),
    };
  };

  const authentication = makePair(
    "a1",
    "rsa:2048",
    "authentication",
    `/C=IT/O=TEST/CN=${HOLDER.codiceFiscale}\\/7420091000049623.fbx4cnBwUGEkyT1+IEo0Wf7cjWU=`,
  );
  const signature = makePair(
    "5a",
    "EC:prime256v1",
    "signature",
    `/C=IT/SN=${HOLDER.surname}/GN=${HOLDER.givenName}/serialNumber=TINIT-${HOLDER.codiceFiscale}/CN=${HOLDER.surname} ${HOLDER.givenName}`,
  );

  const listing = run("pkcs11-tool", ["--module", SOFTHSM_MODULE, "-L"], env);
  const serial = /serial num\s*:\s*(\S+)/.exec(listing)?.[1];
  if (serial === undefined) {
    throw new Error(`no serial in pkcs11-tool -L output:\n${listing}`);
  }
  return {
    dir,
    modulePath: SOFTHSM_MODULE,
    softhsm2Conf,
    env,
    label,
    serial,
    userPin,
    soPin,
    codiceFiscale: HOLDER.codiceFiscale,
    caPem,
    certificates: { authentication, signature },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `openssl req -x509` wants a config with a [req] section; extensions come from the same file. */
function extFileWithReq(dir: string, extFile: string): string {
  const path = join(dir, "req.cnf");
  writeFileSync(path, `[req]\ndistinguished_name = dn\n[dn]\n${readFileSync(extFile, "utf8")}`);
  return path;
}
