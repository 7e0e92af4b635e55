"""The enquiry FastAPI application: servicekit's app over the enquiry subgraph schema."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.app import create_app as create_service_app

from .api import EnquiryContext, build_schema
from .service import ENQUIRY
from .settings import EnquirySettings

__all__ = ["create_app"]


def create_app(settings: EnquirySettings | None = None) -> FastAPI:
    return create_service_app(
        settings or EnquirySettings(), ENQUIRY, build_schema(), context_class=EnquiryContext
    )
