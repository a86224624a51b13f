"""Python client for the Stress AI Model Monitoring API (standard library only; pandas optional)."""

from .client import ApiError, Client, batch_idempotency_key, retry_after_seconds

__all__ = ["ApiError", "Client", "batch_idempotency_key", "retry_after_seconds"]
__version__ = "0.1.0"
