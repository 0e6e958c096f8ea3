"""From plain data to models: pydantic errors turned into problems that name the field and the fix.

:func:`parse_spec` validates a whole stack; :func:`validated` and :func:`validated_value` validate one
section or one value with the same models and types, for a component used on its own.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.stack import StackSpec
from oke_secure.spec.types import join

CONFIG_KEY = "oke-secure:spec"

_FIXES = {
    "missing": "add this field",
    "extra_forbidden": "remove it, or check its spelling against `oke-secure schema`",
    "string_pattern_mismatch": "match the pattern shown",
    "literal_error": "use one of the values shown",
    "too_short": "add at least one entry",
    "greater_than_equal": "raise the value",
    "less_than_equal": "lower the value",
    "bool_parsing": "write true or false",
    "int_parsing": "write a whole number",
    "float_parsing": "write a number",
    "string_too_short": "write a longer value (a reason needs at least 10 characters)",
}

M = TypeVar("M", bound=BaseModel)


def _loc(loc: tuple[Any, ...], prefix: str = "") -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "spec"


def problems_from_validation_error(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` objects with actionable fixes.

    ``prefix`` is where the validated data sits (``""`` for a whole stack, ``"network"`` for a section).
    Problems a section validator raises carry fields relative to that section; they are placed under it.
    """
    out: list[Problem] = []
    for err in exc.errors():
        where = _loc(tuple(err["loc"]), prefix)
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, SpecError):
            out += [Problem(join(where, p.field), p.message, p.fix) for p in inner.problems]
            continue
        msg = str(err["msg"]).removeprefix("Value error, ")
        if ". Fix: " in msg:
            message, fix = msg.split(". Fix: ", 1)
        else:
            message, fix = msg, _FIXES.get(err["type"], "see `oke-secure schema` for the expected value")
        out.append(Problem(where, message, fix))
    return out


def parse_spec(data: Any) -> StackSpec:
    """Validate plain data into a :class:`StackSpec`; raise :class:`SpecError` listing every problem."""
    if not isinstance(data, dict):
        raise SpecError(
            [
                Problem(
                    "spec",
                    f"expected a mapping, got {type(data).__name__}",
                    "write the spec as YAML keys (tenancy_id, compartment, region, ...)",
                )
            ]
        )
    try:
        return StackSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(problems_from_validation_error(exc)) from None


def validated(model: type[M], data: Any, field: str) -> M:
    """``model`` validated from ``data`` (``None`` means all defaults); problems are placed under ``field``.

    A component validates its section with this, so it applies exactly the rules the stack applies.
    """
    try:
        return model.model_validate(data or {})
    except ValidationError as exc:
        raise SpecError(problems_from_validation_error(exc, field)) from None


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def validated_value(kind: Any, value: Any, field: str) -> Any:
    """``value`` validated as the spec type ``kind`` (e.g. ``KubeVersion``); problems name ``field``."""
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise SpecError(problems_from_validation_error(exc, field)) from None


def validated_list(model: type[M], items: Any, field: str) -> list[M]:
    """Each of ``items`` validated as ``model`` (placed under ``field[i]``), every problem reported at once."""
    out: list[M] = []
    problems: list[Problem] = []
    for i, item in enumerate(items or []):
        try:
            out.append(validated(model, item, f"{field}[{i}]"))
        except SpecError as exc:
            problems += exc.problems
    if problems:
        raise SpecError(problems)
    return out
