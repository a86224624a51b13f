"""The client: the same batching, idempotency and retry rules as the TypeScript SDK (libs/client)."""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import io
import json
import os
import random
import re
import time
import urllib.parse
import uuid
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

MAX_BATCH = 10_000
RETRIED_STATUSES = (429, 503)
IDEMPOTENT_METHODS = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
# POSTs idempotent by the API's contract: a prediction batch re-sent is answered as duplicates, an actual re-sent replaces itself.
IDEMPOTENT_POSTS = (re.compile(r"/api/v1/models/[^/]+/versions/[^/]+/predictions$"), re.compile(r"/api/v1/models/[^/]+/actuals$"))


class ApiError(Exception):
    """An error answer of the API (or a network failure: ``status_code`` 0)."""

    def __init__(self, status_code: int, message: str, details: Any = None, request_id: Optional[str] = None, error: Optional[str] = None):
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.error = error

    def __str__(self) -> str:
        where = "network" if self.status_code == 0 else f"HTTP {self.status_code}"
        suffix = f", request id {self.request_id}" if self.request_id else ""
        return f"{self.message} ({where}{suffix})"


def retry_after_seconds(header: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """The wait a ``Retry-After`` header asks for: delta-seconds or an HTTP date; None when absent or unreadable."""
    if header is None or header.strip() == "":
        return None
    value = header.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _plain(value: Any) -> Any:
    """JSON-ready values: numpy/pandas scalars become Python numbers, timestamps ISO strings."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def batch_idempotency_key(prefix: str, batch: List[Any]) -> str:
    """``<prefix>-<sha256 of the batch's canonical JSON>``: equal batches get equal keys, so a re-run stores nothing twice."""
    return f"{prefix}-{hashlib.sha256(canonical_json(batch).encode('utf-8')).hexdigest()}"


def _records(table: Any) -> List[Dict[str, Any]]:
    """A list of dicts, or a pandas DataFrame (its rows), as a list of dicts without missing values."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        rows = table.to_dict("records")
        return [{key: value for key, value in row.items() if not _is_missing(value)} for row in rows]
    return list(table)


def _is_missing(value: Any) -> bool:
    try:
        return value != value  # NaN
    except Exception:  # noqa: BLE001 - arrays and odd types are not missing
        return False


class Client:
    """``Client(url, api_key)``: every call retries 429/503 (honouring ``Retry-After``) and raises ``ApiError``."""

    def __init__(
        self,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        retries: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        timeout: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.url = (url or os.environ.get("MONITOR_URL") or "http://localhost:3000").rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("MONITOR_API_KEY")
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.timeout = timeout
        self._sleep = sleep
        parsed = urllib.parse.urlsplit(self.url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"url must be http(s)://host[:port], got {self.url!r}")
        self._scheme = parsed.scheme
        self._host = parsed.hostname
        self._port = parsed.port
        self._prefix = parsed.path.rstrip("/")

    # -- transport ---------------------------------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
        return cls(self._host, self._port, timeout=self.timeout)

    def _backoff(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))

    def _send(
        self,
        method: str,
        path: str,
        query: Optional[Dict[str, Any]] = None,
        body: Any = None,
        headers: Optional[Dict[str, str]] = None,
        body_writer: Optional[Callable[[http.client.HTTPConnection], None]] = None,
        network_retry: Optional[bool] = None,
    ) -> Tuple[int, Dict[str, str], Any]:
        """One API call with retries. ``body_writer`` streams a body (uploads); otherwise ``body`` is sent as JSON."""
        target = self._prefix + path
        if query:
            pairs = [(key, str(value).lower() if isinstance(value, bool) else value) for key, value in query.items() if value is not None]
            if pairs:
                target += "?" + urllib.parse.urlencode(pairs)
        all_headers = {"Accept": "application/json", "User-Agent": "stress-monitoring-python/0.1.0"}
        if self.api_key:
            all_headers["X-API-Key"] = self.api_key
        payload = None
        if body is not None:
            payload = json.dumps(body, default=_plain).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
            all_headers["Content-Length"] = str(len(payload))
        all_headers.update(headers or {})
        if network_retry is None:
            network_retry = (
                method in IDEMPOTENT_METHODS
                or "Idempotency-Key" in all_headers
                or (method == "POST" and any(pattern.search(path) for pattern in IDEMPOTENT_POSTS))
            )

        attempt = 0
        while True:
            last = attempt >= self.retries
            connection = self._connection()
            try:
                if body_writer is not None:
                    connection.putrequest(method, target, skip_accept_encoding=True)
                    for name, value in all_headers.items():
                        connection.putheader(name, value)
                    connection.endheaders()
                    body_writer(connection)
                else:
                    connection.request(method, target, body=payload, headers=all_headers)
                response = connection.getresponse()
                status = response.status
                response_headers = {name.lower(): value for name, value in response.getheaders()}
                raw = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                if last or not network_retry:
                    raise ApiError(0, f"Network error: {error}") from error
                self._sleep(self._backoff(attempt))
                attempt += 1
                continue
            connection.close()
            if status in RETRIED_STATUSES and not last:
                asked = retry_after_seconds(response_headers.get("retry-after"))
                if asked is None or asked <= self.max_delay:
                    self._sleep(self._backoff(attempt) if asked is None else asked)
                    attempt += 1
                    continue
            data: Any = None
            text = raw.decode("utf-8", errors="replace")
            if text:
                try:
                    data = json.loads(text)
                except ValueError:
                    data = text
            if status >= 400:
                raise self._error(status, response_headers, data)
            return status, response_headers, data

    @staticmethod
    def _error(status: int, headers: Dict[str, str], data: Any) -> ApiError:
        header_id = headers.get("x-request-id")
        if isinstance(data, dict):
            message = data.get("message")
            if isinstance(message, list):
                message = "; ".join(str(part) for part in message)
            return ApiError(status, str(message or f"HTTP {status}"), data.get("details"), data.get("requestId") or header_id, data.get("error"))
        text = data.strip()[:500] if isinstance(data, str) and data.strip() else f"HTTP {status}"
        return ApiError(status, text, None, header_id)

    def request(self, method: str, path: str, query: Optional[Dict[str, Any]] = None, body: Any = None) -> Any:
        """Any API call: ``client.request("GET", "/api/v1/models/churn")``."""
        return self._send(method, path, query=query, body=body)[2]

    # -- registry ----------------------------------------------------------------------------------------------------

    def list_models(self, search: Optional[str] = None, tag: Optional[str] = None, task: Optional[str] = None, limit: int = 50, offset: int = 0) -> Dict[str, Any]:
        return self.request("GET", "/api/v1/models", {"search": search, "tag": tag, "task": task, "limit": limit, "offset": offset})

    def create_model(self, name: str, task: str, **fields: Any) -> Dict[str, Any]:
        """``fields``: display_name, description, owner, tags."""
        body = {"name": name, "task": task}
        body.update({_camel(key): value for key, value in fields.items() if value is not None})
        return self.request("POST", "/api/v1/models", body=body)

    def create_version(self, model: str, version: str, **fields: Any) -> Dict[str, Any]:
        """``fields``: framework, description, training_metrics, features."""
        body = {"version": version}
        body.update({_camel(key): value for key, value in fields.items() if value is not None})
        return self.request("POST", f"/api/v1/models/{_quote(model)}/versions", body=body)

    def set_stage(self, model: str, version: str, stage: str) -> Dict[str, Any]:
        return self.request("PATCH", f"/api/v1/models/{_quote(model)}/versions/{_quote(version)}", body={"stage": stage})

    # -- metrics -----------------------------------------------------------------------------------------------------

    def log_metrics(self, points: Any, batch_size: int = MAX_BATCH, on_batch: Optional[Callable[[int, int], None]] = None) -> Dict[str, int]:
        """Stores metric points (dicts or a DataFrame with model, version, name, value[, timestamp, labels]).

        Split into batches of at most 10,000, each sent with an ``Idempotency-Key`` derived from its content: a retry or a
        re-run of the same points stores nothing twice. Returns ``accepted``, ``batches`` and ``replayed`` (batches the API
        recognised)."""
        records = _records(points)
        result = {"accepted": 0, "batches": 0, "replayed": 0}
        for start in range(0, len(records), _batch_size(batch_size)):
            batch = records[start : start + batch_size]
            key = batch_idempotency_key("metrics", batch)
            _, headers, data = self._send("POST", "/api/v1/metrics", body={"points": batch}, headers={"Idempotency-Key": key})
            result["accepted"] += int(data.get("accepted", 0))
            result["batches"] += 1
            if headers.get("idempotent-replayed") == "true":
                result["replayed"] += 1
            if on_batch:
                on_batch(start + len(batch), len(records))
        return result

    # -- datasets ----------------------------------------------------------------------------------------------------

    def upload_dataset(
        self,
        source: Any,
        name: Optional[str] = None,
        model: Optional[str] = None,
        version: Optional[str] = None,
        role: str = "other",
        target_column: Optional[str] = None,
        prediction_column: Optional[str] = None,
        probability_column: Optional[str] = None,
        positive_label: Optional[str] = None,
        on_progress: Optional[Callable[[int, int], None]] = None,
    ) -> Dict[str, Any]:
        """Uploads a CSV: a path (streamed from disk in 256 KiB pieces) or a pandas DataFrame. ``on_progress(sent, total)``."""
        if hasattr(source, "to_csv"):
            data = source.to_csv(index=False).encode("utf-8")
            file_name = f"{name or 'dataframe'}.csv"
            size = len(data)
            opener: Callable[[], Any] = lambda: io.BytesIO(data)  # noqa: E731
        else:
            path = os.fspath(source)
            file_name = os.path.basename(path)
            size = os.path.getsize(path)
            opener = lambda: open(path, "rb")  # noqa: E731
        fields = {
            "name": name or file_name,
            "model": model,
            "version": version,
            "role": role,
            "targetColumn": target_column,
            "predictionColumn": prediction_column,
            "probabilityColumn": probability_column,
            "positiveLabel": positive_label,
        }
        boundary = f"----stress-monitoring-{uuid.uuid4().hex}"
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n' for key, value in fields.items() if value is not None
        )
        quoted_name = file_name.replace('"', "%22")
        head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted_name}"\r\nContent-Type: text/csv\r\n\r\n'
        head_bytes = head.encode("utf-8")
        tail_bytes = f"\r\n--{boundary}--\r\n".encode("utf-8")

        def write(connection: http.client.HTTPConnection) -> None:
            connection.send(head_bytes)
            sent = 0
            if on_progress:
                on_progress(sent, size)
            with opener() as stream:
                while True:
                    chunk = stream.read(256 * 1024)
                    if not chunk:
                        break
                    connection.send(chunk)
                    sent += len(chunk)
                    if on_progress:
                        on_progress(sent, size)
            connection.send(tail_bytes)

        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head_bytes) + size + len(tail_bytes)),
        }
        # A successful upload stores a new dataset: network errors are not retried (it may have been stored); 429/503 are.
        return self._send("POST", "/api/v1/datasets", headers=headers, body_writer=write, network_retry=False)[2]

    def list_datasets(self, model: Optional[str] = None, version: Optional[str] = None, role: Optional[str] = None, limit: int = 50, offset: int = 0) -> Dict[str, Any]:
        return self.request("GET", "/api/v1/datasets", {"model": model, "version": version, "role": role, "limit": limit, "offset": offset})

    # -- drift -------------------------------------------------------------------------------------------------------

    def run_drift(
        self,
        reference_id: str,
        current_id: str,
        stattest: Optional[str] = None,
        threshold: Optional[float] = None,
        drift_share: Optional[float] = None,
        columns: Optional[Iterable[str]] = None,
    ) -> Dict[str, Any]:
        body: Dict[str, Any] = {"referenceDatasetId": reference_id, "currentDatasetId": current_id}
        if stattest is not None:
            body["stattest"] = stattest
        if threshold is not None:
            body["threshold"] = threshold
        if drift_share is not None:
            body["driftShare"] = drift_share
        if columns is not None:
            body["columns"] = list(columns)
        return self.request("POST", "/api/v1/drift-reports", body=body)

    def get_drift_report(self, report_id: str) -> Dict[str, Any]:
        return self.request("GET", f"/api/v1/drift-reports/{_quote(report_id)}")

    # -- alerts ------------------------------------------------------------------------------------------------------

    def list_alerts(self, model: Optional[str] = None, state: Any = None, severity: Any = None) -> Dict[str, Any]:
        """Every enabled alert rule's current state, firing first (``GET /api/v1/alerts``).

        ``model``, ``state`` and ``severity`` (a value or a list of values) keep the matching rules of the API's answer
        (the endpoint takes no filters); ``firing`` then counts the firing rules kept."""
        answer = self.request("GET", "/api/v1/alerts")
        states = None if state is None else ([state] if isinstance(state, str) else list(state))
        severities = None if severity is None else ([severity] if isinstance(severity, str) else list(severity))
        items = [
            alert
            for alert in answer["items"]
            if (model is None or alert["model"] == model)
            and (states is None or alert["state"] in states)
            and (severities is None or alert["severity"] in severities)
        ]
        return {"items": items, "firing": sum(1 for alert in items if alert["state"] == "firing")}

    # -- production data ---------------------------------------------------------------------------------------------

    def log_predictions(self, model: str, version: str, rows: Any, batch_size: int = MAX_BATCH) -> Dict[str, int]:
        """Rows: dicts ``{id, features, prediction[, probability, timestamp]}``. Ids make re-sent rows duplicates."""
        records = _records(rows)
        result = {"accepted": 0, "duplicates": 0, "batches": 0}
        path = f"/api/v1/models/{_quote(model)}/versions/{_quote(version)}/predictions"
        for start in range(0, len(records), _batch_size(batch_size)):
            data = self.request("POST", path, body={"rows": records[start : start + batch_size]})
            result["accepted"] += int(data["accepted"])
            result["duplicates"] += int(data["duplicates"])
            result["batches"] += 1
        return result

    def log_actuals(self, model: str, rows: Any, batch_size: int = MAX_BATCH) -> Dict[str, int]:
        """Rows: dicts (or a DataFrame) ``{id, actual[, timestamp]}``."""
        records = _records(rows)
        result = {"accepted": 0, "matched": 0, "pending": 0, "batches": 0}
        for start in range(0, len(records), _batch_size(batch_size)):
            data = self.request("POST", f"/api/v1/models/{_quote(model)}/actuals", body={"rows": records[start : start + batch_size]})
            for key in ("accepted", "matched", "pending"):
                result[key] += int(data[key])
            result["batches"] += 1
        return result


def _quote(segment: str) -> str:
    return urllib.parse.quote(str(segment), safe="")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _batch_size(size: int) -> int:
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {size!r}")
    return size

