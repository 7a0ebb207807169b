"""Typed component configs read once from Scrapy settings.

Each component declares a dataclass of its settings; ``read_config(Config, settings, "WARC")`` fills it
from ``WARC_<FIELD>`` keys (with the field defaults for keys not set) and calls its ``validate()``, which
raises ``ConfigError`` naming the fix for contradictions. Every config has an ``enabled`` field
(``<PREFIX>_ENABLED``).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Protocol, TypeVar, get_type_hints

from nianbao.errors import ConfigError


class SettingsLike(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...
    def __contains__(self, name: str) -> bool: ...


T = TypeVar("T")


def read_config(cls: type[T], settings: SettingsLike, prefix: str) -> T:
    """Build ``cls`` from ``<prefix>_<FIELD>`` settings, coercing each value to the field's type."""
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = f"{prefix}_{f.name.upper()}"
        raw = settings.get(name)
        if raw is not None:
            values[f.name] = _coerce(name, raw, hints[f.name])
    config = cls(**values)
    validate = getattr(config, "validate", None)
    if validate is not None:
        validate()
    return config


def _coerce(name: str, raw: Any, hint: Any) -> Any:
    kind = hint if isinstance(hint, type) else getattr(hint, "__origin__", None)
    try:
        if hint is bool:
            return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "on")
        if hint is int or hint is float:
            return hint(raw)
        if hint is Path:
            return Path(raw)
        if kind in (list, tuple) and isinstance(raw, str):
            items = json.loads(raw) if raw.strip().startswith("[") else [p for p in raw.split(",") if p]
            return kind(items)
        if kind is dict and isinstance(raw, str):
            return json.loads(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}={raw!r} is not a valid {getattr(hint, '__name__', hint)}") from exc
    return raw
