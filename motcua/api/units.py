"""API endpoints for units."""

from ninja import Router

router = Router(tags=["units"])
