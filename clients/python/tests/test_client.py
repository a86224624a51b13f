"""Unit tests against a local fake server (always), and live tests against a running API when MONITOR_URL and
MONITOR_API_KEY (an editor key) are set: `MONITOR_URL=… MONITOR_API_KEY=… python3 -m unittest discover -s tests -v`."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import tempfile
import threading
import unittest
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from stress_monitoring import ApiError, Client, batch_idempotency_key, retry_after_seconds  # noqa: E402


class FakeServer:
    """Answers with scripted (status, headers, body) tuples, the last repeating; records (method, path, headers, body)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.requests.append((self.command, self.path, dict(self.headers), body))
                index = min(len(owner.requests) - 1, len(owner.answers) - 1)
                answer = owner.answers[index]
                status, headers, payload = answer(body) if callable(answer) else answer
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class RulesTest(unittest.TestCase):
    def test_retry_after(self):
        self.assertEqual(retry_after_seconds("3"), 3.0)
        self.assertEqual(retry_after_seconds("Thu, 01 Jan 2026 00:00:07 GMT", now=datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()), 7.0)
        self.assertIsNone(retry_after_seconds(None))
        self.assertIsNone(retry_after_seconds("soon"))

    def test_idempotency_key_is_sha256_of_canonical_json(self):
        a = [{"model": "m", "version": "1", "name": "f1", "value": 0.5, "labels": {"b": "2", "a": "1"}}]
        b = [{"labels": {"a": "1", "b": "2"}, "value": 0.5, "name": "f1", "version": "1", "model": "m"}]
        canonical = '[{"labels":{"a":"1","b":"2"},"model":"m","name":"f1","value":0.5,"version":"1"}]'
        expected = "metrics-" + hashlib.sha256(canonical.encode()).hexdigest()
        self.assertEqual(batch_idempotency_key("metrics", a), expected)
        self.assertEqual(batch_idempotency_key("metrics", b), expected)
        self.assertNotEqual(batch_idempotency_key("metrics", [dict(a[0], value=0.51)]), expected)


class FakeServerTest(unittest.TestCase):
    def setUp(self):
        self.waits = []

    def client(self, server, **options):
        return Client(server.url, "sk-test", sleep=self.waits.append, **options)

    def test_retries_429_after_retry_after_and_503_after_backoff(self):
        server = FakeServer((429, {"Retry-After": "2"}, {"statusCode": 429}), (503, {}, {"statusCode": 503}), (201, {}, {"accepted": 1}))
        try:
            result = self.client(server, base_delay=0.1).log_metrics([{"model": "m", "version": "1", "name": "acc", "value": 1}])
            self.assertEqual(result, {"accepted": 1, "batches": 1, "replayed": 0})
            self.assertEqual(len(server.requests), 3)
            self.assertEqual(self.waits[0], 2.0)
            self.assertTrue(0 <= self.waits[1] <= 0.2)
            self.assertEqual(len({r[3] for r in server.requests}), 1)
            self.assertEqual(len({r[2]["Idempotency-Key"] for r in server.requests}), 1)
            self.assertEqual(server.requests[0][2]["X-API-Key"], "sk-test")
        finally:
            server.close()

    def test_batches_of_10000_with_keys_equal_on_a_rerun(self):
        seen = set()

        def answer(body):
            points = json.loads(body)["points"]
            key = hashlib.sha256(body).hexdigest()
            replay = key in seen
            seen.add(key)
            return 201, ({"Idempotent-Replayed": "true"} if replay else {}), {"accepted": len(points)}

        server = FakeServer(answer)
        try:
            client = self.client(server)
            points = [{"model": "m", "version": "1", "name": "latency", "value": i} for i in range(20_001)]
            self.assertEqual(client.log_metrics(points), {"accepted": 20_001, "batches": 3, "replayed": 0})
            sizes = [len(json.loads(r[3])["points"]) for r in server.requests]
            self.assertEqual(sizes, [10_000, 10_000, 1])
            keys = [r[2]["Idempotency-Key"] for r in server.requests]
            self.assertEqual(len(set(keys)), 3)
            self.assertEqual(client.log_metrics(points), {"accepted": 20_001, "batches": 3, "replayed": 3})
            self.assertEqual([r[2]["Idempotency-Key"] for r in server.requests[3:]], keys)
        finally:
            server.close()

    def test_error_answer_becomes_api_error(self):
        body = {"statusCode": 404, "error": "Not Found", "message": 'Model "x" not found', "details": [{"field": "name"}], "requestId": "req-7"}
        server = FakeServer((404, {}, body))
        try:
            with self.assertRaises(ApiError) as caught:
                self.client(server).request("GET", "/api/v1/models/x")
            error = caught.exception
            self.assertEqual((error.status_code, error.message, error.details, error.request_id), (404, 'Model "x" not found', [{"field": "name"}], "req-7"))
        finally:
            server.close()

    def test_refused_connection_is_api_error_0_after_retries_for_idempotent_calls_only(self):
        server = FakeServer((200, {}, {}))
        url = server.url
        server.close()
        client = Client(url, "k", retries=2, sleep=self.waits.append)
        with self.assertRaises(ApiError) as caught:
            client.list_models()
        self.assertEqual(caught.exception.status_code, 0)
        self.assertEqual(len(self.waits), 2)
        self.waits.clear()
        with self.assertRaises(ApiError):
            client.log_actuals("churn", [{"id": "r1", "actual": 1}])
        self.assertEqual(len(self.waits), 2)  # idempotent by the API's contract: an actual re-sent replaces itself
        self.waits.clear()
        with self.assertRaises(ApiError):
            client.request("POST", "/api/v1/models", body={})
        self.assertEqual(self.waits, [])

    def test_list_alerts_filters_the_answer_in_its_order(self):
        items = [
            {"ruleId": "1", "model": "churn", "state": "firing", "severity": "critical"},
            {"ruleId": "2", "model": "fraud", "state": "firing", "severity": "warning"},
            {"ruleId": "3", "model": "churn", "state": "normal", "severity": "info"},
        ]
        server = FakeServer((200, {}, {"items": items, "firing": 2}))
        try:
            client = self.client(server)
            self.assertEqual(client.list_alerts(), {"items": items, "firing": 2})
            self.assertEqual(client.list_alerts(model="churn"), {"items": [items[0], items[2]], "firing": 1})
            self.assertEqual(client.list_alerts(state=["normal", "pending"]), {"items": [items[2]], "firing": 0})
            self.assertEqual(client.list_alerts(severity="warning"), {"items": [items[1]], "firing": 1})
            self.assertEqual({(r[0], r[1]) for r in server.requests}, {("GET", "/api/v1/alerts")})
        finally:
            server.close()

    def test_tables_accept_a_dataframe(self):
        """What the client uses of a pandas DataFrame (``to_csv``, ``to_dict("records")``, ``columns``), with pandas or a stand-in."""
        frame = _frame({"id": ["a", "b"], "actual": [1, float("nan")]})
        server = FakeServer((202, {}, {"accepted": 1, "matched": 0, "pending": 1}), (201, {}, {"id": "d1"}))
        try:
            client = self.client(server)
            client.log_actuals("churn", frame)
            self.assertEqual(json.loads(server.requests[0][3]), {"rows": [{"id": "a", "actual": 1}, {"id": "b"}]})
            client.upload_dataset(frame, name="frame", role="other")
            body = server.requests[1][3].decode()
            self.assertIn('filename="frame.csv"', body)
            self.assertIn("id,actual\na,1", body.replace("\r\n", "\n").replace("1.0", "1"))
        finally:
            server.close()

    def test_upload_streams_multipart_with_progress(self):
        server = FakeServer((201, {}, {"id": "d1"}))
        try:
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, "data.csv")
                content = "a,b\n" + "".join(f"{i},x{i % 7}\n" for i in range(60_000))
                with open(path, "w") as handle:
                    handle.write(content)
                progress = []
                result = self.client(server).upload_dataset(path, name="ref", role="reference", on_progress=lambda sent, total: progress.append((sent, total)))
            self.assertEqual(result, {"id": "d1"})
            method, target, headers, body = server.requests[0]
            self.assertEqual((method, target), ("POST", "/api/v1/datasets"))
            boundary = headers["Content-Type"].split("boundary=")[1]
            parts = body.decode().split(f"--{boundary}")[1:-1]
            self.assertEqual([part.split('name="')[1].split('"')[0] for part in parts], ["name", "role", "file"])
            self.assertEqual(parts[2].split("\r\n\r\n", 1)[1], content + "\r\n")
            self.assertEqual(progress[-1], (len(content), len(content)))
            self.assertGreater(len(progress), 2)
        finally:
            server.close()


class _StandInFrame:
    """The part of pandas.DataFrame the client relies on, for machines without pandas."""

    def __init__(self, data):
        self.columns = list(data)
        self._rows = [dict(zip(self.columns, values)) for values in zip(*data.values())]

    def to_dict(self, orient):
        assert orient == "records"
        return [dict(row) for row in self._rows]

    def to_csv(self, index=True):
        assert index is False
        cell = lambda value: "" if value != value else str(value)  # noqa: E731 - NaN is empty, as pandas writes it
        return "\n".join([",".join(self.columns)] + [",".join(cell(row[c]) for c in self.columns) for row in self._rows]) + "\n"


def _frame(data):
    try:
        import pandas
    except ImportError:
        return _StandInFrame(data)
    return pandas.DataFrame(data)


LIVE_URL = os.environ.get("MONITOR_URL")
LIVE_KEY = os.environ.get("MONITOR_API_KEY")


@unittest.skipUnless(LIVE_URL and LIVE_KEY, "live API tests need MONITOR_URL and MONITOR_API_KEY (an editor key)")
class LiveApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(LIVE_URL, LIVE_KEY)
        cls.model = f"py-{uuid.uuid4().hex[:8]}"
        cls.client.create_model(cls.model, "binary-classification", owner="python", tags=["py"])
        features = [{"name": "x", "type": "numerical", "role": "feature"}, {"name": "color", "type": "categorical", "role": "feature"}]
        cls.client.create_version(cls.model, "1.0.0", framework="sklearn", features=features)

    def test_list_models(self):
        names = [m["name"] for m in self.client.list_models(search=self.model)["items"]]
        self.assertEqual(names, [self.model])

    def test_log_metrics_twice_stores_once(self):
        now = datetime.now(timezone.utc).replace(microsecond=0)
        points = [
            {"model": self.model, "version": "1.0.0", "name": "latency_ms", "value": float(i % 97), "timestamp": (now - timedelta(seconds=5 * i)).isoformat()}
            for i in range(10_001)
        ]
        first = self.client.log_metrics(points)
        self.assertEqual(first, {"accepted": 10_001, "batches": 2, "replayed": 0})
        second = self.client.log_metrics(points)
        self.assertEqual(second, {"accepted": 10_001, "batches": 2, "replayed": 2})
        series = self.client.request(
            "GET",
            "/api/v1/metrics/series",
            {"model": self.model, "name": "latency_ms", "agg": "count", "bucket": "1d", "from": (now - timedelta(days=2)).isoformat(), "to": (now + timedelta(hours=1)).isoformat()},
        )
        self.assertEqual(sum(point["count"] for s in series["series"] for point in s["points"]), 10_001)

    def test_upload_path_and_run_drift(self):
        rng = random.Random(7)
        with tempfile.TemporaryDirectory() as directory:
            reference = os.path.join(directory, "reference.csv")
            current = os.path.join(directory, "current.csv")
            with open(reference, "w") as handle:
                handle.write("x,color\n" + "".join(f"{rng.gauss(0, 1):.6f},{rng.choice('rgb')}\n" for _ in range(2000)))
            with open(current, "w") as handle:
                handle.write("x,color\n" + "".join(f"{rng.gauss(3, 1):.6f},{rng.choice('rrrrgb')}\n" for _ in range(2000)))
            progress = []
            ref = self.client.upload_dataset(reference, model=self.model, version="1.0.0", role="reference", on_progress=lambda s, t: progress.append((s, t)))
            cur = self.client.upload_dataset(current, model=self.model, version="1.0.0", role="current")
            size = os.path.getsize(reference)
        self.assertEqual(progress[-1], (size, size))
        self.assertEqual((ref["rowCount"], ref["sizeBytes"], cur["rowCount"]), (2000, size, 2000))
        report = self.client.run_drift(ref["id"], cur["id"])
        self.assertTrue(report["datasetDrift"])
        self.assertEqual(report["driftedColumns"], 2)
        self.assertEqual(self.client.get_drift_report(report["id"])["id"], report["id"])
        same = self.client.run_drift(ref["id"], ref["id"])
        self.assertFalse(same["datasetDrift"])
        listed = [d["id"] for d in self.client.list_datasets(model=self.model, role="current")["items"]]
        self.assertEqual(listed, [cur["id"]])

    def test_upload_dataframe(self):
        frame = _frame({"x": [1.5, 2.5, 3.5], "color": ["r", "g", "b"]})
        dataset = self.client.upload_dataset(frame, name="frame", model=self.model, version="1.0.0", role="other")
        self.assertEqual((dataset["name"], dataset["rowCount"], [c["name"] for c in dataset["columns"]]), ("frame", 3, ["x", "color"]))

    def test_list_alerts(self):
        rule = self.client.request(
            "POST",
            "/api/v1/alert-rules",
            body={"name": "py rule", "model": self.model, "version": "1.0.0", "metric": "py_value", "agg": "max", "window": "1h", "op": "gt", "threshold": 1, "severity": "info"},
        )
        alerts = self.client.list_alerts(model=self.model)
        self.assertEqual([(a["ruleId"], a["severity"]) for a in alerts["items"]], [(rule["id"], "info")])
        self.assertEqual(self.client.list_alerts(model=self.model, severity="critical"), {"items": [], "firing": 0})

    def test_predictions_and_actuals(self):
        rows = [{"id": f"p{i}", "features": {"x": i / 10, "color": "rgb"[i % 3]}, "prediction": i % 2, "probability": (i % 10) / 10} for i in range(25)]
        self.assertEqual(self.client.log_predictions(self.model, "1.0.0", rows, batch_size=10), {"accepted": 25, "duplicates": 0, "batches": 3})
        self.assertEqual(self.client.log_predictions(self.model, "1.0.0", rows), {"accepted": 0, "duplicates": 25, "batches": 1})
        actuals = self.client.log_actuals(self.model, [{"id": f"p{i}", "actual": 1} for i in range(20)] + [{"id": "later", "actual": 0}])
        self.assertEqual(actuals, {"accepted": 21, "matched": 20, "pending": 1, "batches": 1})

    def test_error_shape(self):
        with self.assertRaises(ApiError) as caught:
            self.client.get_drift_report(str(uuid.uuid4()))
        error = caught.exception
        self.assertEqual(error.status_code, 404)
        self.assertTrue(error.request_id)
        self.assertIn("not found", error.message.lower())


if __name__ == "__main__":
    unittest.main()
