#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""testhttpd.py - a small HTTP server for inspex's fetch tests and bench.

Listens on 127.0.0.1 (and, with --hosts N, on 127.0.0.2 .. 127.0.0.N at
the same port) with an ephemeral port written to --port-file, serves the
files of --root under /pages/, and injects faults on request:

  /pages/NAME           the file, with an ETag and a Last-Modified; a
                        matching If-None-Match or If-Modified-Since gets 304
    ?delay=MS           wait before answering (any path)
    ?gzip=1             send the body with Content-Encoding: gzip
    (any other query string only makes the URL distinct)
  /fault/500            always 500
  /fault/flaky?n=N&page=NAME&key=K
                        503 for the first N requests of key K, then the page
  /fault/429?n=N&after=S&page=NAME&key=K
                        429 with Retry-After: S for the first N, then the page
  /fault/404            404
  /fault/cut            promises 50000 bytes, sends 1000 and closes
  /fault/loop           redirects to itself, for ever
  /fault/redirect?to=PATH
                        302 to PATH
  /fault/big?mb=N[&chunked=1]
                        an N MiB body, with a length or chunked
  any other path        with --site DIR, a page of DIR shaped like the
                        inspectorate's sites: PATH/ is PATH/index.html,
                        /document/SLUG is document/SLUG.html; a query's
                        year=Y and paged=N (N > 1) pick
                        index-year-Y[-paged-N].html, and a year or
                        page that has none gets empty.html (WordPress's
                        page of no results), or with past=CODE in the
                        query the HTTP status CODE (WordPress gives 404
                        past a year's last page). In these pages
                        {{ORIGIN}} is this server (as the request's Host
                        header names it), {{ORIGIN2}} the same port on
                        127.0.0.2 and {{FILEROOT}} DIR itself
  /stats                counts as JSON: requests, conditional (requests
                        carrying a validator), not_modified, max_inflight,
                        per-path counts, request times, and the User-Agent
                        and Accept-Encoding headers seen
  /reset                zeroes the counts

Only the standard library; stops on SIGTERM.
"""
import argparse
import gzip
import hashlib
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LAST_MODIFIED = "Thu, 04 Jun 2020 09:00:00 GMT"

lock = threading.Lock()
stats = {}
counters = {}


def reset():
    with lock:
        # requests still being answered (a client that gave up on a slow
        # one) stay counted as in flight, or they would count down below
        # zero when they end
        inflight = stats.get("inflight", 0)
        stats.clear()
        stats.update(requests=0, conditional=0, not_modified=0,
                     inflight=inflight, max_inflight=inflight, paths={},
                     times={}, user_agents=[], accept_encoding=[])
        counters.clear()


reset()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "testhttpd/1"
    # headers and body go out in two writes: without TCP_NODELAY a reused
    # connection waits for the client's delayed ACK (40 ms) between them,
    # which real servers do not do
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, status, body=b"", headers=None, reason=None):
        self.send_response(status, reason)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path
        if path == "/stats":
            with lock:
                body = json.dumps(stats).encode()
            return self.send(200, body, {"Content-Type": "application/json"})
        if path == "/reset":
            reset()
            return self.send(200, b"ok\n")
        with lock:
            stats["requests"] += 1
            stats["inflight"] += 1
            stats["max_inflight"] = max(stats["max_inflight"],
                                        stats["inflight"])
            stats["paths"][self.path] = stats["paths"].get(self.path, 0) + 1
            stats["times"].setdefault(path, []).append(time.time())
            for key, header in (("user_agents", "User-Agent"),
                                ("accept_encoding", "Accept-Encoding")):
                value = self.headers.get(header, "")
                if value not in stats[key]:
                    stats[key].append(value)
            if (self.headers.get("If-None-Match") or
                    self.headers.get("If-Modified-Since")):
                stats["conditional"] += 1
        try:
            if "delay" in q:
                time.sleep(int(q["delay"]) / 1000.0)
            self.route(path, q)
        finally:
            with lock:
                stats["inflight"] -= 1

    def count(self, key):
        with lock:
            counters[key] = counters.get(key, 0) + 1
            return counters[key]

    def page(self, name, q):
        root = self.server.root
        full = os.path.realpath(os.path.join(root, name))
        if not full.startswith(os.path.realpath(root) + os.sep) or \
                not os.path.isfile(full):
            return self.send(404, b"not found\n", reason="Not Found")
        with open(full, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm and inm == etag) or (not inm and ims == LAST_MODIFIED):
            with lock:
                stats["not_modified"] += 1
            return self.send(304, b"", {"ETag": etag,
                                        "Last-Modified": LAST_MODIFIED})
        headers = {"Content-Type": "text/html; charset=utf-8",
                   "ETag": etag, "Last-Modified": LAST_MODIFIED}
        if q.get("gzip") == "1":
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.send(200, body, headers)

    def site(self, path, q):
        root = self.server.site
        rel = path.lstrip("/")
        if rel.endswith("/") or rel == "":
            folder = rel
            name = "index"
            if q.get("year"):
                name += "-year-" + q["year"]
            if int(q.get("paged", "1") or "1") > 1:
                name += "-paged-" + q["paged"]
            rel = folder + name + ".html"
            if not os.path.isfile(os.path.join(root, rel)) and \
                    (q.get("year") or int(q.get("paged", "1") or "1") > 1):
                if q.get("past"):
                    return self.send(int(q["past"]), b"no such page\n")
                rel = folder + "empty.html"
        elif not os.path.isfile(os.path.join(root, rel)):
            rel += ".html"
        full = os.path.realpath(os.path.join(root, rel))
        if not full.startswith(os.path.realpath(root) + os.sep) or \
                not os.path.isfile(full):
            return self.send(404, b"not found\n", reason="Not Found")
        with open(full, "rb") as f:
            body = f.read()
        host = self.headers.get("Host", "127.0.0.1")
        port = host.rsplit(":", 1)[-1]
        body = body.replace(b"{{ORIGIN}}", ("http://" + host).encode())
        body = body.replace(b"{{ORIGIN2}}",
                            ("http://127.0.0.2:" + port).encode())
        body = body.replace(b"{{FILEROOT}}",
                            os.path.realpath(root).encode())
        return self.send(200, body,
                         {"Content-Type": "text/html; charset=utf-8"})

    def route(self, path, q):
        if path.startswith("/pages/"):
            return self.page(path[len("/pages/"):], q)
        if path == "/fault/500":
            return self.send(500, b"oops\n", reason="Internal Server Error")
        if path == "/fault/404":
            return self.send(404, b"gone\n", reason="Not Found")
        if path == "/fault/flaky":
            if self.count("flaky:" + q.get("key", "")) <= int(q.get("n", 1)):
                return self.send(503, b"busy\n",
                                 reason="Service Unavailable")
            return self.page(q.get("page", ""), q)
        if path == "/fault/429":
            if self.count("429:" + q.get("key", "")) <= int(q.get("n", 1)):
                return self.send(429, b"slow down\n",
                                 {"Retry-After": q.get("after", "1")},
                                 reason="Too Many Requests")
            return self.page(q.get("page", ""), q)
        if path == "/fault/cut":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "50000")
            self.end_headers()
            self.wfile.write(b"<html><body>" + b"x" * 988)
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        if path == "/fault/loop":
            return self.send(302, b"", {"Location": "/fault/loop"},
                             reason="Found")
        if path == "/fault/redirect":
            return self.send(302, b"", {"Location": q.get("to", "/")},
                             reason="Found")
        if path == "/fault/big":
            size = int(float(q.get("mb", "21")) * 1024 * 1024)
            chunk = b"y" * 65536
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            chunked = q.get("chunked") == "1"
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            sent = 0
            try:
                while sent < size:
                    part = chunk[:min(len(chunk), size - sent)]
                    if chunked:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    else:
                        self.wfile.write(part)
                    sent += len(part)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            self.close_connection = True
            return None
        if self.server.site:
            return self.site(path, q)
        return self.send(404, b"no such path\n", reason="Not Found")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # a client that gave up (a timeout, a size cap) is expected
        if isinstance(sys.exc_info()[1], (BrokenPipeError,
                                          ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--hosts", type=int, default=1)
    ap.add_argument("--site")
    args = ap.parse_args()
    servers = [Server(("127.0.0.1", 0), Handler)]
    port = servers[0].server_address[1]
    for i in range(2, args.hosts + 1):
        servers.append(Server(("127.0.0.%d" % i, port), Handler))
    for s in servers:
        s.root = args.root
        s.site = args.site
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
