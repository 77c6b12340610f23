import type { Handler } from "./handler.js";

export const certificateGet: Handler<"certificate.get"> = async (request, context) => {
  const { certificate, chain, summary } = await context.service.getCertificate(request.token, request.usage);
  return {
    certificate: Buffer.from(certificate).toString("base64"),
    chain: chain.map((der) => Buffer.from(der).toString("base64")),
    summary,
  };
};
