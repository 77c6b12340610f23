import { EventEmitter } from "node:events";
import { copyFile } from "node:fs/promises";
import { type AuthToken, CnsBridgeError, type PinFlags, type TokenSummary } from "@cns-bridge/shared";
import type {
  AgentService,
  AgentServiceEvents,
  SignBytesRequest,
  SignFileRequest,
} from "../../agent/src/service/agent-service.js";

const noFlags: PinFlags = {
  userPinCountLow: false,
  userPinFinalTry: false,
  userPinLocked: false,
  userPinToBeChanged: false,
  soPinCountLow: false,
  soPinFinalTry: false,
  soPinLocked: false,
};

/**
 * A stand-in for the token service that records what the server asked of it, so the server's
 * routing, bounds and job handling are tested without a token. The real service is tested
 * against SoftHSM2 elsewhere.
 */
export class RecordingAgentService implements AgentService {
  readonly events = new EventEmitter<AgentServiceEvents>();
  readonly calls: string[] = [];
  readonly signed: SignFileRequest[] = [];
  /** Resolves sign operations only when released, to test concurrency and cancellation. */
  signGate: Promise<void> = Promise.resolve();

  async listTokens(): Promise<TokenSummary[]> {
    this.calls.push("listTokens");
    return [
      {
        label: "TEST",
        serial: "0001",
        manufacturer: "test",
        model: "test",
        pinFlags: noFlags,
        loggedIn: false,
        certificates: [],
      },
    ];
  }

  async login(token: string, pin: string): Promise<{ label: string; serial: string; pinFlags: PinFlags }> {
    this.calls.push(`login:${token}`);
    if (pin !== "12345678") throw new CnsBridgeError("BAD_INPUT", { detail: "PIN errato (test)" });
    return { label: token, serial: "0001", pinFlags: noFlags };
  }

  async logout(token: string): Promise<void> {
    this.calls.push(`logout:${token}`);
  }

  async getCertificate(): Promise<never> {
    throw new CnsBridgeError("BAD_INPUT", { detail: "no certificate in the recording service" });
  }

  async authSign(token: string, origin: string): Promise<AuthToken> {
    this.calls.push(`authSign:${token}:${origin}`);
    throw new CnsBridgeError("BAD_INPUT", { detail: "no key in the recording service" });
  }

  async signFile(request: SignFileRequest): Promise<{ outputName: string }> {
    this.calls.push(`signFile:${request.fileName}`);
    await this.signGate;
    this.signed.push(request);
    await copyFile(request.inputPath, request.outputPath);
    return { outputName: `${request.fileName}.p7m` };
  }

  /** Inline jobs: records them and gives the content back unchanged as the "signed" output. */
  readonly signedInMemory: SignBytesRequest[] = [];

  async signBytes(request: SignBytesRequest): Promise<{ outputName: string; output: Uint8Array }> {
    this.calls.push(`signBytes:${request.fileName}`);
    await this.signGate;
    this.signedInMemory.push(request);
    return { outputName: `${request.fileName}.p7m`, output: request.content.slice() };
  }

  async close(): Promise<void> {}
}
