"""Validate a plain-data spec section inside a component, turning pydantic errors into SpecError."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from oke_secure.spec import problems_from_validation_error
from oke_secure.spec.errors import Problem, SpecError

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any, field: str) -> M:
    """``model`` validated from ``data`` (``None`` means all defaults); problems are prefixed with ``field``."""
    try:
        return model.model_validate(data or {})
    except ValidationError as exc:
        problems = problems_from_validation_error(exc)
    except SpecError as exc:
        problems = exc.problems
    raise SpecError(
        [Problem(p.field if p.field.startswith(field) else f"{field}.{p.field}", p.message, p.fix) for p in problems]
    )
