"""API endpoints for procedures."""

from ninja import Router

router = Router(tags=["procedures"])
