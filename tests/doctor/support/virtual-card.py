"""A virtual smart card for vpcd that answers with the ATR given on the command line.

Usage: /usr/bin/python3 virtual-card.py ATR_HEX PORT

Uses Debian's python3-virtualsmartcard (vsmartcard's vicc) as a library: Debian installs it
under /usr/lib/python3/site-packages/virtualsmartcard without a `vicc` launcher and its
CryptoUtils imports `Crypto`, which Debian ships as `Cryptodome` (python3-pycryptodome).
"""
import importlib
import logging
import sys

try:
    import Crypto  # noqa: F401
except ImportError:
    import Cryptodome

    sys.modules["Crypto"] = Cryptodome
    for name in ("Cipher", "Hash", "PublicKey", "Util", "Random", "Signature", "Protocol"):
        try:
            sys.modules["Crypto." + name] = importlib.import_module("Cryptodome." + name)
        except ImportError:
            pass

sys.path.insert(0, "/usr/lib/python3/site-packages/virtualsmartcard")

from virtualsmartcard.VirtualSmartcard import VirtualICC  # noqa: E402

atr = bytes.fromhex(sys.argv[1].replace(" ", "").replace(":", ""))
port = int(sys.argv[2])
icc = VirtualICC(None, "iso7816", "127.0.0.1", port, logginglevel=logging.WARNING)
icc.os.atr = atr
print("connected", flush=True)
icc.run()
