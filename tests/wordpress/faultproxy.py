#!/usr/bin/env python3
"""faultproxy — an HTTP/1.1 proxy in front of the test WordPress that injects faults on command.

Python 3.9+ standard library only (asyncio). Loopback only.

CLI
    python3 tests/wordpress/faultproxy.py --upstream http://127.0.0.1:8089 [--port 0]
        [--host 127.0.0.1] [--port-file PATH] [--max-lifetime 3600]

    --port 0 (the default) picks a free port. Once listening, the proxy prints ONE line to stdout
    and flushes it:   {"port": 41234, "url": "http://127.0.0.1:41234", "control": "http://127.0.0.1:41234/__fault"}
    (and writes the port number to --port-file if given). A test that spawns it as a subprocess
    reads that line, then points the app at "url". SIGTERM/SIGINT stop it; it also exits by itself
    after --max-lifetime seconds so a leaked proxy never outlives a test run for long.

Forwarding
    Each client connection carries one request: the proxy forwards it to the upstream with
    `Connection: close` (Host rewritten to the upstream), relays the response and closes. Responses
    say `Connection: close`, so HTTP clients simply open a new connection for the next request.

Control API (same port, paths under /__fault are never forwarded; JSON in and out)
    POST   /__fault/rules   add a rule, returns {"id": N}. Body fields:
        mode      (required) one of
                  "status"           answer `status` (default 500) without forwarding; with
                                     "forward": true the request IS forwarded (WordPress does the
                                     work) and its real response is replaced by the error
                  "delay"            wait `seconds` (default 30), then forward as usual — the client
                                     times out first; the request still reaches WordPress afterwards
                  "delay_response"   forward at once, hold the response `seconds`, then send it
                  "drop_mid_response" forward, send the status line, headers and `bytes` body bytes
                                     (default: half the body), then close the connection
                  "drop_response"    forward, let WordPress finish, then close without answering
                                     (the "create succeeded but the client never heard" case)
                  "reset"            close the client connection with a TCP RST, nothing forwarded
        method    only requests with this method (e.g. "POST"); default any
        path      only requests whose path+query matches this regex (re.search), e.g.
                  "^/wp-json/wp/v2/posts/?$"; default any
        times     how many matching requests to hit (default 1; -1 = until removed)
        after     let this many matching requests through untouched first (default 0)
        status, seconds, bytes, forward — parameters of the modes above
        Rules are checked in the order added; the first one that matches and still has hits wins.
    GET    /__fault/rules   the rules with their remaining hits
    DELETE /__fault/rules   remove all rules (back to a transparent proxy)
    DELETE /__fault/rules/N remove one rule
    GET    /__fault/log     every request seen: [{"n", "method", "path", "fault" (mode or null),
                            "forwarded" (bool: reached WordPress), "upstream_status" (int|null)}]
    DELETE /__fault/log     clear the log
    GET    /__fault/health  {"ok": true}

Example (shell):
    curl -s -X POST localhost:PORT/__fault/rules -d '{"mode":"drop_response","method":"POST","path":"^/wp-json/wp/v2/posts/?$"}'
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import socket
import struct
import sys
import time
from urllib.parse import urlsplit

CONTROL_PREFIX = "/__fault"
MODES = {"status", "delay", "delay_response", "drop_mid_response", "drop_response", "reset"}
MAX_HEADER_BYTES = 64 * 1024


class BadRequest(Exception):
    pass


class Rule:
    def __init__(self, rule_id: int, spec: dict):
        mode = spec.get("mode")
        if mode not in MODES:
            raise BadRequest(f"mode must be one of {sorted(MODES)}")
        self.id = rule_id
        self.mode = mode
        self.method = (spec.get("method") or "").upper() or None
        self.path_src = spec.get("path")
        try:
            self.path = re.compile(self.path_src) if self.path_src else None
        except re.error as e:
            raise BadRequest(f"bad path regex: {e}") from e
        self.times = int(spec.get("times", 1))
        self.after = int(spec.get("after", 0))
        self.status = int(spec.get("status", 500))
        self.seconds = float(spec.get("seconds", 30))
        self.bytes = spec.get("bytes")
        self.forward = bool(spec.get("forward", False))

    def matches(self, method: str, target: str) -> bool:
        if self.method and method != self.method:
            return False
        return not self.path or bool(self.path.search(target))

    def take(self) -> bool:
        """Consume one matching request; True when the fault applies to it."""
        if self.after > 0:
            self.after -= 1
            return False
        if self.times == 0:
            return False
        if self.times > 0:
            self.times -= 1
        return True

    def describe(self) -> dict:
        return {
            "id": self.id, "mode": self.mode, "method": self.method, "path": self.path_src,
            "times": self.times, "after": self.after, "status": self.status, "seconds": self.seconds,
            "bytes": self.bytes, "forward": self.forward,
        }


class Proxy:
    def __init__(self, upstream: str):
        u = urlsplit(upstream)
        if u.scheme != "http" or not u.hostname:
            raise SystemExit("--upstream must be http://HOST:PORT")
        self.up_host = u.hostname
        self.up_port = u.port or 80
        self.rules: list[Rule] = []
        self.next_rule = 1
        self.log: list[dict] = []

    # -------------------------------------------------------------- connection handling

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head, body = await read_request(reader, writer)
        except (BadRequest, asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        method, target = head[0].split(" ")[0:2]
        try:
            if target.startswith(CONTROL_PREFIX):
                await self.control(writer, method, target, body)
            else:
                await self.proxy(writer, head, body, method, target)
        except ConnectionError:
            pass  # the client went away (e.g. it timed out); nothing left to tell it
        finally:
            if not writer.is_closing():
                writer.close()

    async def proxy(self, writer, head: list[str], body: bytes, method: str, target: str) -> None:
        entry = {"n": len(self.log) + 1, "method": method, "path": target, "fault": None,
                 "forwarded": False, "upstream_status": None}
        self.log.append(entry)
        rule = next((r for r in self.rules if r.matches(method, target) and r.take()), None)
        mode = rule.mode if rule else None
        entry["fault"] = mode

        if mode == "reset":
            rst(writer)
            return
        if mode == "status" and not rule.forward:
            await send_error(writer, rule.status)
            return
        if mode == "delay":
            await asyncio.sleep(rule.seconds)

        try:
            response = await self.forward(head, body)
        except OSError:
            entry["upstream_status"] = None
            await send_error(writer, 502, "upstream unreachable")
            return
        entry["forwarded"] = True
        entry["upstream_status"] = status_of(response)

        if mode == "status":
            await send_error(writer, rule.status)
        elif mode == "drop_response":
            rst(writer)
        elif mode == "drop_mid_response":
            split = response.find(b"\r\n\r\n") + 4
            body_len = len(response) - split
            n = int(rule.bytes) if rule.bytes is not None else body_len // 2
            writer.write(response[: split + max(0, min(n, body_len - 1))])
            await writer.drain()
            rst(writer)
        else:
            if mode == "delay_response":
                await asyncio.sleep(rule.seconds)
            writer.write(response)
            await writer.drain()

    async def forward(self, head: list[str], body: bytes) -> bytes:
        """One request over a fresh upstream connection; returns the raw response (read to EOF)."""
        ur, uw = await asyncio.open_connection(self.up_host, self.up_port)
        try:
            lines = [head[0]]
            for h in head[1:]:
                name = h.split(":", 1)[0].strip().lower()
                if name in ("host", "connection", "keep-alive", "proxy-connection"):
                    continue
                lines.append(h)
            lines += [f"Host: {self.up_host}:{self.up_port}", "Connection: close"]
            uw.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await uw.drain()
            return await ur.read()
        finally:
            uw.close()

    # -------------------------------------------------------------- control API

    async def control(self, writer, method: str, target: str, body: bytes) -> None:
        path = target[len(CONTROL_PREFIX):].split("?")[0].rstrip("/")
        try:
            if path == "/health":
                await send_json(writer, 200, {"ok": True})
            elif path == "/rules" and method == "POST":
                spec = json.loads(body or b"{}")
                rule = Rule(self.next_rule, spec)
                self.next_rule += 1
                self.rules.append(rule)
                await send_json(writer, 200, {"id": rule.id})
            elif path == "/rules" and method == "GET":
                await send_json(writer, 200, [r.describe() for r in self.rules])
            elif path == "/rules" and method == "DELETE":
                self.rules.clear()
                await send_json(writer, 200, {"ok": True})
            elif path.startswith("/rules/") and method == "DELETE":
                rid = int(path.rsplit("/", 1)[1])
                self.rules = [r for r in self.rules if r.id != rid]
                await send_json(writer, 200, {"ok": True})
            elif path == "/log" and method == "GET":
                await send_json(writer, 200, self.log)
            elif path == "/log" and method == "DELETE":
                self.log.clear()
                await send_json(writer, 200, {"ok": True})
            else:
                await send_json(writer, 404, {"error": f"no control route {method} {path}"})
        except (BadRequest, ValueError) as e:
            await send_json(writer, 400, {"error": str(e)})


# ------------------------------------------------------------------ HTTP helpers


async def read_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> tuple[list[str], bytes]:
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError as e:
        raise BadRequest("headers too large") from e
    if len(raw) > MAX_HEADER_BYTES:
        raise BadRequest("headers too large")
    head = raw.decode("latin-1").split("\r\n")[:-2]
    if not head or len(head[0].split(" ")) < 3:
        raise BadRequest("bad request line")
    headers = {h.split(":", 1)[0].strip().lower(): h.split(":", 1)[1].strip() for h in head[1:] if ":" in h}
    if headers.get("expect", "").lower() == "100-continue":
        # curl sends this for bodies > 1 KB and would otherwise wait a second before sending.
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        await writer.drain()
        head = [h for h in head if not h.lower().startswith("expect:")]
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = await read_chunked(reader)
        # Re-frame with a Content-Length: simpler for the upstream and for logging.
        head = [h for h in head if not h.lower().startswith(("transfer-encoding:", "content-length:"))]
        head.append(f"Content-Length: {len(body)}")
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
    return head, body


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    out = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # (no trailers expected) final CRLF
            return bytes(out)
        out += await reader.readexactly(size)
        await reader.readexactly(2)


def status_of(response: bytes) -> int | None:
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def rst(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (SO_LINGER 0) so the client sees a hard connection error."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


async def send_json(writer, status: int, payload) -> None:
    body = json.dumps(payload).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Status")
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
    )
    await writer.drain()


async def send_error(writer, status: int, message: str = "injected by faultproxy") -> None:
    body = json.dumps({"code": "faultproxy", "message": message, "data": {"status": status}}).encode()
    writer.write(
        f"HTTP/1.1 {status} Injected\r\nContent-Type: application/json; charset=UTF-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
    )
    await writer.drain()


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="http://127.0.0.1:8089")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--max-lifetime", type=float, default=3600.0)
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("faultproxy listens on loopback only")

    proxy = Proxy(args.upstream)
    server = await asyncio.start_server(proxy.handle, args.host, args.port, limit=MAX_HEADER_BYTES)
    port = server.sockets[0].getsockname()[1]
    url = f"http://{args.host}:{port}"
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{port}\n")
    print(json.dumps({"port": port, "url": url, "control": url + CONTROL_PREFIX}), flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.call_later(args.max_lifetime, stop.set)
    started = time.monotonic()
    async with server:
        await stop.wait()
    print(f"faultproxy: stopped after {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
