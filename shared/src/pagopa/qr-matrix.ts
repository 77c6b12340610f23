import qrcode from "qrcode-generator";

/**
 * The dark modules of a QR code, row by row. pagoPA notices use error correction level M;
 * the version is the smallest that holds the payload.
 */
export function qrMatrix(payload: string): boolean[][] {
  const code = qrcode(0, "M");
  code.addData(payload, "Byte");
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => code.isDark(row, column)),
  );
}
