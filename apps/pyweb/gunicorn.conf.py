"""gunicorn settings, and the fault switches that act on the server process rather than a request.

CRASH_ON_START=1        exit 1 before listening (a crash loop in Kubernetes)
STARTUP_DELAY_SECONDS   wait before binding the port (slow start; probes fail meanwhile)
IGNORE_SIGTERM=1        ignore SIGTERM: no draining, the runtime has to SIGKILL after the grace period
SHUTDOWN_DRAIN_SECONDS  on SIGTERM, answer /ready with 503 for this long before gunicorn's own graceful
                        stop, so the Service drops the pod before the listener closes (default 2)
"""

import os
import signal
import sys
import threading
import time
from pathlib import Path

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# In-flight requests get this long to finish after the drain; keep it below the pod's
# terminationGracePeriodSeconds (30 s by default) so gunicorn, not SIGKILL, ends them.
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "20"))
timeout = 30
accesslog = "-"
errorlog = "-"

DRAIN_FILE = Path(os.environ.get("DRAIN_FILE", "/tmp/pyweb-draining"))


def on_starting(server):
    # Runs in the master before the listening socket is created.
    DRAIN_FILE.unlink(missing_ok=True)
    if os.environ.get("CRASH_ON_START") == "1":
        server.log.error("CRASH_ON_START=1: exiting with status 1")
        sys.exit(1)
    delay = float(os.environ.get("STARTUP_DELAY_SECONDS", "0") or 0)
    if delay > 0:
        server.log.info("STARTUP_DELAY_SECONDS=%s: waiting before listening", delay)
        time.sleep(delay)


def when_ready(server):
    # The arbiter has installed its own signal handlers by now; wrap (or replace) its SIGTERM one.
    if os.environ.get("IGNORE_SIGTERM") == "1":
        signal.signal(signal.SIGTERM, lambda signum, frame: server.log.warning("SIGTERM ignored (IGNORE_SIGTERM=1)"))
        return
    drain = float(os.environ.get("SHUTDOWN_DRAIN_SECONDS", "2") or 0)
    gunicorn_term = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):
        server.log.info("SIGTERM: draining for %ss (ready now answers 503)", drain)
        DRAIN_FILE.touch()
        # gunicorn's handler only queues the signal and wakes the arbiter, so calling it from a
        # timer thread is safe; the arbiter then stops workers gracefully.
        threading.Timer(drain, gunicorn_term, args=(signum, frame)).start()

    signal.signal(signal.SIGTERM, on_term)
