"""The sample app: who answered (version, colour, pod), probes, a CPU-bound endpoint, and request-level
fault switches. Server-level switches (crash, slow start, SIGTERM) live in gunicorn.conf.py.

ERROR_RATE        0..1, share of / and /work requests answered with 500
EXTRA_LATENCY_MS  added to / and /work (not to probes, so a slow app is not also restarted)
FAIL_READINESS=1  /ready answers 503
"""

import os
import random
import socket
import sys
import time
from pathlib import Path

from flask import Flask, jsonify

COLOURS = {"1.0": "blue", "2.0": "green", "3.0": "purple"}


def create_app(environ=None, rng=None):
    env = dict(os.environ if environ is None else environ)
    # Also honoured here for runs without gunicorn (python -m app.main); gunicorn exits earlier, in
    # on_starting. Tests pass their own environ and are never crashed by the host's environment.
    if env.get("CRASH_ON_START") == "1" and environ is None:
        print("CRASH_ON_START=1: exiting with status 1", file=sys.stderr)
        sys.exit(1)

    version = env.get("APP_VERSION", "1.0")
    colour = env.get("APP_COLOUR") or COLOURS.get(version, "grey")
    pod = env.get("POD_NAME") or socket.gethostname()
    drain_file = Path(env.get("DRAIN_FILE", "/tmp/pyweb-draining"))
    error_rate = min(max(float(env.get("ERROR_RATE", "0") or 0), 0.0), 1.0)
    extra_latency = max(float(env.get("EXTRA_LATENCY_MS", "0") or 0), 0.0) / 1000
    fail_readiness = env.get("FAIL_READINESS") == "1"
    work_ms = float(env.get("WORK_MS", "50") or 50)
    rng = rng or random.Random()

    app = Flask(__name__)

    def who():
        return {"version": version, "colour": colour, "pod": pod, "hostname": socket.gethostname()}

    def request_faults():
        if extra_latency:
            time.sleep(extra_latency)
        if error_rate and rng.random() < error_rate:
            body = {"error": f"injected failure (ERROR_RATE={error_rate:g})", "version": version, "pod": pod}
            return jsonify(body), 500
        return None

    @app.after_request
    def headers(response):
        response.headers["X-App-Version"] = version
        response.headers["X-Pod"] = pod
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/")
    def index():
        return request_faults() or jsonify(who())

    @app.get("/healthz")
    def healthz():
        # Liveness: the process answers. Independent of readiness and draining on purpose.
        return jsonify({"status": "ok"})

    @app.get("/ready")
    def ready():
        if fail_readiness:
            return jsonify({"status": "not ready", "reason": "FAIL_READINESS=1"}), 503
        if drain_file.exists():
            return jsonify({"status": "not ready", "reason": "draining"}), 503
        return jsonify({"status": "ready"})

    @app.get("/work")
    def work():
        failed = request_faults()
        if failed:
            return failed
        # CPU, not sleep: the HPA scenario needs CPU usage to rise with request rate.
        start = time.process_time()
        x = 0
        while (time.process_time() - start) * 1000 < work_ms:
            for i in range(1000):
                x = (x * 31 + i) % 1_000_003
        return jsonify({**who(), "worked_ms": round((time.process_time() - start) * 1000)})

    return app


app = create_app()

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
