"""Starts pcscd on a private socket, for tests, without touching the system's pcscd.

Usage: /usr/bin/python3 pcscd-private-socket.py SOCKET_PATH READER_CONF_DIR

pcscd 1.9 has the socket path /run/pcscd/pcscd.comm built in, but accepts a socket handed over
by systemd's socket activation (LISTEN_FDS/LISTEN_PID, fd 3). This does the same hand-over:
bind the socket, put it on fd 3, exec pcscd (same pid). Clients find it through
PCSCLITE_CSOCK_NAME, which libpcsclite reads.
"""
import os
import socket
import sys

path, conf_dir = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
os.chmod(path, 0o666)
listener.listen(64)
if listener.fileno() != 3:
    os.dup2(listener.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_FDS"] = "1"
os.environ["LISTEN_PID"] = str(os.getpid())
os.execvp("pcscd", ["pcscd", "--foreground", "--config", conf_dir])
