"""Settings: the shipped ``default_config.toml`` overlaid with user overrides."""

from __future__ import annotations

import copy
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


_DEFAULTS: dict[str, Any] | None = None


def defaults() -> dict[str, Any]:
    global _DEFAULTS
    if _DEFAULTS is None:
        raw = resources.files("saidwhat").joinpath("default_config.toml").read_text("utf-8")
        _DEFAULTS = tomllib.loads(raw)
    return copy.deepcopy(_DEFAULTS)


def load_config(
    overrides: Mapping[str, Any] | None = None, path: str | Path | None = None
) -> dict[str, Any]:
    """Defaults, then a user TOML file, then ``overrides`` (nested mapping)."""
    cfg = defaults()
    if path:
        _merge(cfg, tomllib.loads(Path(path).read_text("utf-8")))
    if overrides:
        _merge(cfg, overrides)
    return cfg
