"""Receivers for bench.webhooks, in a process of their own: one small HTTP/1.1 server per port
that answers 204 to every POST and counts requests and distinct webhook-ids; GET /stats answers
them as JSON. No signature check (the example verifier's cost is the receiver's, not ours).

    .venv/bin/python -m bench.webhook_sink 18001 18002 ...
"""

import asyncio
import json
import sys


class Sink:
    def __init__(self) -> None:
        self.requests = 0
        self.ids: set[str] = set()
        self.first: float | None = None
        self.last: float | None = None

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
                headers = {k.lower(): v for k, v in headers.items()}
                length = int(headers.get("content-length", "0"))
                if length:
                    await reader.readexactly(length)
                if lines[0].startswith("GET /stats"):
                    body = json.dumps({"requests": self.requests, "distinct": len(self.ids),
                                       "first": self.first, "last": self.last}).encode()
                    writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                                 b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
                                 + body)
                else:
                    self.requests += 1
                    self.ids.add(headers.get("webhook-id", ""))
                    now = loop.time()
                    self.first = self.first or now
                    self.last = now
                    writer.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def main(ports: list[int]) -> None:
    servers = [await asyncio.start_server(Sink().serve, "127.0.0.1", port) for port in ports]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main([int(p) for p in sys.argv[1:]]))
