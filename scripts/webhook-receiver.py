#!/usr/bin/env python3
"""A webhook receiver for the delivery checks: appends one JSON line per request
(webhook-id, event, arrival time) to a file and answers 200.
    scripts/webhook-receiver.py PORT OUTFILE
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, outfile = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        record = {
            "id": self.headers.get("webhook-id"),
            "event": self.headers.get("X-4Calls-Event"),
            "at": time.time(),
            "sent": json.loads(body).get("timestamp"),
        }
        with lock, open(outfile, "a") as out:
            out.write(json.dumps(record) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"OK")

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
