#!/usr/bin/python3
"""A tiny HTTP CONNECT proxy on loopback for wi-doctor's live tests (a kubeconfig proxy-url).

Accepts `CONNECT host:port HTTP/1.1` only for loopback targets, answers 200, then relays bytes
both ways; anything else is answered 405. Every CONNECT target is appended to --log, one a line,
so a test can tell the proxy was used. Binds 127.0.0.1 on a free port, prints "PORT <n>" once it
listens, and stops when its stdin closes. Only the stdlib.
"""
import argparse
import socket
import sys
import threading


def relay(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def handle(client, log_path, lock):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = client.recv(4096)
        if not chunk:
            client.close()
            return
        head += chunk
    request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = request_line.split()
    host, _, port = parts[1].rpartition(":") if len(parts) == 3 else ("", "", "")
    if len(parts) != 3 or parts[0] != "CONNECT" or host not in ("127.0.0.1", "localhost"):
        client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
        client.close()
        return
    with lock, open(log_path, "a") as fh:
        fh.write(parts[1] + "\n")
    upstream = socket.create_connection((host, int(port)))
    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    rest = head.split(b"\r\n\r\n", 1)[1]
    if rest:
        upstream.sendall(rest)
    threading.Thread(target=relay, args=(upstream, client), daemon=True).start()
    relay(client, upstream)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log", required=True)
    opts = p.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    lock = threading.Lock()

    def accept():
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(client, opts.log, lock), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    print("PORT %d" % server.getsockname()[1], flush=True)
    sys.stdin.read()
    server.close()


if __name__ == "__main__":
    main()
