"""The API describes itself, and its docs page needs no network."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_openapi_lists_the_contract_paths(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/v1/health",
        "/api/v1/auth/token",
        "/api/v1/calendar/deadline",
        "/api/v1/calendar/{year}",
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
    ):
        assert path in paths, path
    assert spec["info"]["version"] == "1"


@pytest.mark.django_db
def test_docs_page_loads_its_assets_from_this_server(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if "://" in u]
    assert external == []
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert assets, "the docs page should load its scripts from /static/"
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
