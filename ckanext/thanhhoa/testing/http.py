"""A small HTTP server on 127.0.0.1 for tests: one body for every GET, or
a redirect; a real socket, in a thread."""
from __future__ import annotations

import http.server
import threading


def serve(body: bytes = b"ok", content_type: str = "text/plain; charset=utf-8",
          redirect_to: str | None = None) -> http.server.ThreadingHTTPServer:
    """A started server (its port: `.server_port`); `shutdown()` it after."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
