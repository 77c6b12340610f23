/**
 * Version of the agent <-> extension protocol. Every frame carries it as `v`; the agent
 * answers frames of another version with PROTOCOL_VERSION_UNSUPPORTED, and `hello` tells the
 * extension which versions the agent speaks so it can say "aggiorna cns-bridge".
 */
export const PROTOCOL_VERSION = 1;
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;
