"""Unit tests for the sample app with Flask's test client. Pure Python, no server, no Docker.

Run: cd apps/pyweb && python3 -m unittest discover -s tests
Skipped when Flask is not installed (the CI image has no Flask; the Docker image does).
"""

import os
import random
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import flask  # noqa: F401

    HAVE_FLASK = True
except ImportError:
    HAVE_FLASK = False


@unittest.skipUnless(HAVE_FLASK, "Flask is not installed: pip install -r apps/pyweb/requirements.txt")
class AppTest(unittest.TestCase):
    def make(self, **env):
        from app.main import create_app

        env.setdefault("DRAIN_FILE", os.path.join(self.tmp.name, "draining"))
        env.setdefault("POD_NAME", "pyweb-abc")
        return create_app(environ=env, rng=random.Random(7)).test_client()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_index_reports_version_colour_and_pod(self):
        for version, colour in (("1.0", "blue"), ("2.0", "green"), ("3.0", "purple")):
            body = self.make(APP_VERSION=version).get("/").get_json()
            self.assertEqual(body["version"], version)
            self.assertEqual(body["colour"], colour)
            self.assertEqual(body["pod"], "pyweb-abc")

    def test_probes(self):
        client = self.make()
        self.assertEqual(client.get("/healthz").status_code, 200)
        self.assertEqual(client.get("/ready").status_code, 200)

    def test_fail_readiness_keeps_liveness(self):
        client = self.make(FAIL_READINESS="1")
        self.assertEqual(client.get("/ready").status_code, 503)
        self.assertEqual(client.get("/healthz").status_code, 200)

    def test_draining_fails_readiness(self):
        client = self.make()
        Path(self.tmp.name, "draining").touch()
        self.assertEqual(client.get("/ready").get_json()["reason"], "draining")

    def test_error_rate(self):
        self.assertEqual(self.make(ERROR_RATE="1").get("/").status_code, 500)
        self.assertEqual(self.make(ERROR_RATE="0").get("/").status_code, 200)
        client = self.make(ERROR_RATE="0.5")
        failures = sum(client.get("/").status_code == 500 for _ in range(200))
        self.assertTrue(60 < failures < 140, failures)

    def test_work_burns_cpu(self):
        body = self.make(WORK_MS="20").get("/work").get_json()
        self.assertGreaterEqual(body["worked_ms"], 20)


if __name__ == "__main__":
    unittest.main()
