"""Shared fixtures: an API client that speaks JSON, and small personas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.personas import province  # noqa: F401 - a fixture for every test module


class JsonClient:
    """A thin wrapper over Django's test client that sends and reads JSON."""

    def __init__(self, client: Client, token: str | None = None):
        self.client = client
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any):
        return self.client.get(path, params, **self._headers())

    def post(self, path: str, body: Any = None, raw: str | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(path, data, content_type="application/json", **self._headers())


@pytest.fixture
def api(client: Client) -> JsonClient:
    return JsonClient(client)
