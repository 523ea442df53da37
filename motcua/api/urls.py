"""API v1: one NinjaAPI instance, a router per area, one error shape."""

from __future__ import annotations

from ninja import NinjaAPI

from motcua.api import calendar, documents, dossiers, lookup, procedures, results, system, units
from motcua.api.auth import BearerToken
from motcua.api.errors import install_error_handlers
from motcua.api.renderer import UnicodeJSONRenderer

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="Hệ thống thông tin giải quyết thủ tục hành chính — API v1",
    auth=BearerToken(),
    urls_namespace="api-v1",
    renderer=UnicodeJSONRenderer(),
)
install_error_handlers(api)
api.add_router("", system.router)
api.add_router("/calendar", calendar.router)
api.add_router("/units", units.router)
api.add_router("/procedures", procedures.router)
api.add_router("/documents", documents.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/dossiers", results.router)
api.add_router("", dossiers.table_router)
api.add_router("/lookup", lookup.router)
