"""Writes ``oke_secure/spec/inputs.py``: one ``TypedDict`` per spec section model, for component arguments.

The pydantic models are the single source: field names, which fields are required, nesting, lists and
descriptions (as attribute docstrings, which Pulumi's component analyzer publishes). The generated file
is committed, so readers and type checkers see plain classes; ``tests/test_typed_inputs.py`` fails when
it differs from what this module renders (run ``make inputs`` to regenerate).

Value types become the JSON types another language can send (``Ocid`` and ``Literal`` as ``str``, a
date as ``str``): the components validate every value with the models themselves. Pulumi's analyzer
names each TypedDict's properties in camelCase in the package schema and maps them back to these
snake_case keys before the component runs.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from oke_secure.spec.stack import StackSpec

OUT = Path(__file__).with_name("inputs.py")
SUFFIX = "Input"

_HEADER = '''"""Plain-data shapes of the spec sections, as TypedDicts: the typed nested arguments of the components.

GENERATED from the pydantic models by ``oke_secure/spec/_inputs_source.py`` (``make inputs``); do not
edit. ``tests/test_typed_inputs.py`` keeps this file equal to the models. The models validate; these
only type the keys (mypy checks them in Python programs; Pulumi's component analyzer publishes them,
in camelCase, for other languages).
"""

# No ``from __future__ import annotations``: Pulumi's component analyzer reads these annotations as
# objects (inspect.get_annotations without evaluation).

from typing import Any, NotRequired, Required, TypedDict, overload

from pydantic import BaseModel
'''


_AS_INPUT_HEAD = """

# Typed plain data of a validated model, for passing a section on to a component ---------------

"""
_AS_INPUT_BODY = '''def as_input(model: BaseModel) -> Any:
    """``model`` as the plain data of its TypedDict (fields left at ``None`` are left out)."""
    return model.model_dump(exclude_none=True)'''


def _models(root: type[BaseModel] = StackSpec) -> list[type[BaseModel]]:
    """Every model reachable from ``root``, leaves first (a TypedDict is defined before it is used)."""
    order: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in order:
            return
        for field in model.model_fields.values():
            for inner in _nested(field.annotation):
                visit(inner)
        order.append(model)

    visit(root)
    return order


def _nested(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _nested(arg)


def input_name(model: type[BaseModel]) -> str:
    """The TypedDict name of ``model``: ``NetworkSpec`` -> ``NetworkSpecInput``."""
    return f"{model.__name__}{SUFFIX}"


def plain_type(annotation: Any) -> str:
    """The annotation of a model field as the plain JSON shape another language sends."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return plain_type(args[0])
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return plain_type(rest[0])
    if origin is typing.Literal:
        kinds = {type(a) for a in args}
        if kinds != {str}:
            raise TypeError(f"unsupported literal {annotation!r}")
        return "str"
    if origin is list:
        return f"list[{plain_type(args[0])}]"
    if origin is dict:
        return f"dict[{plain_type(args[0])}, {plain_type(args[1])}]"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return input_name(annotation)
    if annotation is _dt.date:
        return "str"
    if annotation in (str, int, float, bool):
        return annotation.__name__
    raise TypeError(f"unsupported annotation {annotation!r}")


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or model.__name__).split())


def _field_doc(name: str, field: FieldInfo) -> str:
    text = " ".join((field.description or name).split())
    if not field.is_required() and field.default is not None and not callable(field.default_factory):
        text += f" Default: ``{field.default!r}``."
    return text.replace('"""', "'''")


def _imports() -> list[str]:
    """One ``from <module> import <models>`` line per spec module, as ruff formats them."""
    by_module: dict[str, list[str]] = {}
    for model in _models():
        by_module.setdefault(model.__module__, []).append(model.__name__)
    out = []
    for module, names in sorted(by_module.items()):
        line = f"from {module} import {', '.join(sorted(names))}"
        if len(line) > 120:
            body = "".join(f"    {n},\n" for n in sorted(names))
            line = f"from {module} import (\n{body})"
        out.append(line)
    return out


def _docstring(text: str, indent: str = "    ") -> str:
    """``text`` as a docstring at ``indent``, wrapped to the line length (120)."""
    if len(indent) + len(text) + 6 <= 120:
        return f'{indent}"""{text}"""'
    lines = textwrap.wrap(text, width=120 - len(indent) - 3)
    body = f"\n{indent}".join(lines)
    return f'{indent}"""{body}\n{indent}"""'


def render() -> str:
    """The text of ``inputs.py``."""
    out = [_HEADER.rstrip("\n"), "", *_imports()]
    for model in _models():
        out.append(f"\n\nclass {input_name(model)}(TypedDict):")
        out.append(_docstring(f"{_doc(model)} Plain data of ``{model.__name__}``.") + "\n")
        for name, field in model.model_fields.items():
            wrapper = "Required" if field.is_required() else "NotRequired"
            out.append(f"    {name}: {wrapper}[{plain_type(field.annotation)}]")
            out.append(_docstring(_field_doc(name, field)))
    out.append(_AS_INPUT_HEAD)
    for model in _models():
        out.append(f"@overload\ndef as_input(model: {model.__name__}) -> {input_name(model)}: ...\n\n")
    out.append(_AS_INPUT_BODY)
    return "\n".join(out) + "\n"


def main() -> None:
    """Write ``inputs.py`` (``make inputs``)."""
    OUT.write_text(render())


if __name__ == "__main__":
    main()
