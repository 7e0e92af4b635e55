"""The services ``clc`` acts on, found by convention: package ``clc_<name>`` with its settings
class in ``settings.py``, its ``ServiceDefinition`` in ``service.py`` and ``create_app`` in
``app.py``. A service not built yet (the knowledge service, until it is) is named as such."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any

import typer
from servicekit.definition import ServiceDefinition
from servicekit.settings import ServiceSettings

__all__ = ["KNOWN", "ServiceParts", "load", "settings_for"]

#: every service of the system, in the order the supergraph composes them
KNOWN = ("groups", "enquiry", "knowledge", "webhooks")


@dataclass(frozen=True)
class ServiceParts:
    name: str
    settings: type[ServiceSettings]
    definition: ServiceDefinition[Any, Any]
    create_app: Any


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except ModuleNotFoundError:
        return False


def load(name: str) -> ServiceParts:
    package = f"clc_{name}"
    if name not in KNOWN:
        raise typer.BadParameter(f"unknown service {name!r}; one of: {', '.join(KNOWN)}")
    if not _installed(package):
        raise typer.BadParameter(f"the {name} service is not built (no package {package})")
    settings_mod = importlib.import_module(f"{package}.settings")
    service_mod = importlib.import_module(f"{package}.service")
    app_mod = importlib.import_module(f"{package}.app")
    settings = next(
        v
        for v in vars(settings_mod).values()
        if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings
    )
    definition = next(
        v for v in vars(service_mod).values() if isinstance(v, ServiceDefinition) and v.name == name
    )
    return ServiceParts(name, settings, definition, app_mod.create_app)


def settings_for(parts: ServiceParts, database_url: str | None) -> ServiceSettings:
    """The service's settings from the environment (``<PREFIX>_*``, ``DATABASE_URL``…), with the
    owner DSN overridden when ``--database-url`` is given."""
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    return parts.settings(**overrides)


def built() -> list[str]:
    return [n for n in KNOWN if _installed(f"clc_{n}")]
