"""The blog service of seed 003, in Python using only the standard library.

Answers JSON on $PORT (8080 in the task definition): GET /blog and /blog/<anything> with the
posts, GET /health for the load balancer's and the container's health checks. Every answer names
the service and its language, so a caller can tell which service it reached. SIGTERM stops
accepting, lets in-flight requests finish and exits 0, as ECS and the ALB's draining expect.
"""

import json
import os
import platform
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POSTS = [
    {"id": 1, "title": "API Gateway in front of ECS", "summary": "HTTP proxy integrations to a load balancer's DNS name."},
    {"id": 2, "title": "NLB or ALB?", "summary": "L4 for ports and private links, L7 for paths."},
]

IDENTITY = {"service": "blog", "language": "python", "runtime": f"{platform.python_implementation()} {platform.python_version()}"}


class BlogHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "blog"

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self.answer(200, {"status": "ok"})
        elif path == "/blog" or path == "/blog/":
            self.answer(200, {**IDENTITY, "path": self.path, "posts": POSTS})
        elif path.startswith("/blog/posts/"):
            post = next((p for p in POSTS if f"/blog/posts/{p['id']}" == path), None)
            if post is None:
                self.answer(404, {**IDENTITY, "message": f"no post at {path}"})
            else:
                self.answer(200, {**IDENTITY, "path": self.path, "post": post})
        elif path.startswith("/blog/"):
            self.answer(200, {**IDENTITY, "path": self.path})
        else:
            self.answer(404, {**IDENTITY, "message": f"no route GET {path}"})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        sys.stdout.write(json.dumps({"service": "blog", "client": self.client_address[0], "msg": format % args}) + "\n")


def main():
    server = ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), BlogHandler)
    server.daemon_threads = False
    server.block_on_close = True

    def stop(signum, _frame):
        sys.stdout.write(json.dumps({"service": "blog", "msg": f"stopping on signal {signum}"}) + "\n")
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stdout.write(json.dumps({"service": "blog", "msg": f"listening on {server.server_address[1]}"}) + "\n")
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
