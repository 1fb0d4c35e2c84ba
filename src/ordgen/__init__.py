"""ordgen: draft model local ordinances from a YAML clause library."""

from __future__ import annotations

from typing import Any

from .version import __version__

__all__ = ["OrdgenError", "__version__", "build", "check", "draft", "explain"]


def __getattr__(name: str) -> Any:
    # The API pulls in msgspec, jinja2 and ruamel.yaml; import it only when used so
    # that `ordgen --help` starts fast.
    if name in {"build", "check", "draft", "explain"}:
        from . import api

        return getattr(api, name)
    if name == "OrdgenError":
        from .diagnostics import OrdgenError

        return OrdgenError
    raise AttributeError(name)
