"""Small helpers every component uses: type tokens, child options, tags that carry exceptions."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from oke_secure.policies._base import EXCEPTION_ANNOTATION_PREFIX, EXCEPTION_TAG_PREFIX

#: Type tokens are ``oke-secure:index:<ClassName>`` (a component package serves module ``index`` only).
TOKEN_PREFIX = "oke-secure:index:"
#: OCI freeform tag values are limited to 256 characters.
MAX_TAG_VALUE = 256


def token(class_name: str) -> str:
    """The Pulumi type token of a component class."""
    return f"{TOKEN_PREFIX}{class_name}"


def name_prefix(args: Mapping[str, object], name: str) -> str:
    """The prefix of a component's display names, the same rule in every component: its ``name_prefix``
    argument when given, else the component's own (logical) name. ``OkeStack`` passes the stack's name."""
    return str(args.get("name_prefix") or name)


def child(parent: pulumi.Resource, **kwargs: object) -> pulumi.ResourceOptions:
    """Resource options for a child of ``parent`` (extra keyword arguments are passed through)."""
    return pulumi.ResourceOptions(parent=parent, **kwargs)  # type: ignore[arg-type]


def identity_opts(
    parent: pulumi.Resource, provider: pulumi.ProviderResource | None, **kwargs: object
) -> pulumi.ResourceOptions:
    """Options of an IAM resource (compartment, dynamic group, policy, tag): a child of ``parent``, created
    through ``provider``, the OCI provider in the tenancy's home region, when one is given (DEP-1).

    Oracle: IAM resources are created in the home region and replicated to the others ("Managing
    Regions", docs.oracle.com/en-us/iaas/Content/Identity/regions/managingregions.htm).
    """
    if provider is not None:
        kwargs["provider"] = provider
    return child(parent, **kwargs)


def exception_tags(reasons: Mapping[str, str | None]) -> dict[str, str]:
    """Freeform tags recording a written exception per control id, e.g. ``{"NP-4": "why"}``."""
    return {f"{EXCEPTION_TAG_PREFIX}{cid}": r[:MAX_TAG_VALUE] for cid, r in reasons.items() if r}


def exception_annotations(reasons: Mapping[str, str | None]) -> dict[str, str]:
    """Kubernetes annotations recording a written exception per control id."""
    return {f"{EXCEPTION_ANNOTATION_PREFIX}{cid}": r for cid, r in reasons.items() if r}


def tags(base: Mapping[str, str] | None, **extra: str) -> dict[str, str]:
    """Freeform tags: the stack's tags, ``managed-by: oke-secure`` and any extras."""
    out = dict(base or {})
    out.setdefault("managed-by", "oke-secure")
    out.update(extra)
    return out


def _snake(key: str) -> str:
    out = ""
    for ch in key:
        out += f"_{ch.lower()}" if ch.isupper() else ch
    return out


def check_args(component: str, args: Mapping[str, object], args_type: type, either: tuple[str, ...] = ()) -> None:
    """Refuse a misspelt or missing argument of ``component`` before anything is registered.

    Without this a wrong key surfaced as a bare ``KeyError: 'compartment_id'`` from deep inside the
    component, naming neither the component nor the key the user wrote. ``args_type`` is the
    component's ``TypedDict``; camelCase spellings of its keys (other languages) are accepted.
    ``either`` names required keys of which any one will do (e.g. a kubeconfig or a provider).
    """
    import difflib

    from oke_secure.spec.errors import Problem, SpecError

    required: frozenset[str] = getattr(args_type, "__required_keys__", frozenset())
    known = required | getattr(args_type, "__optional_keys__", frozenset())
    if not isinstance(args, Mapping):
        raise SpecError(
            [Problem(f"{component} args", f"expected a dict of arguments, got {type(args).__name__}", "pass a dict")]
        )
    given = {_snake(k) for k in args}
    problems = []
    for key in sorted(args):
        if key not in known and _snake(key) not in known:
            near = difflib.get_close_matches(_snake(key), sorted(known), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            problems.append(
                Problem(
                    f"{component} args: {key}",
                    f"{component} has no argument {key!r}",
                    f"{hint}its arguments are {', '.join(sorted(known))}",
                )
            )
    missing = required - given
    if either and given & set(either):
        missing -= set(either)
    # A missing key alone is left to the component (some are wired later or come in pairs); next to a
    # misspelt one it is the same mistake, reported together.
    for key in sorted(missing) if problems else []:
        problems.append(
            Problem(f"{component} args: {key}", f"{component} needs the argument {key!r}", f"add {key!r} to its args")
        )
    if problems:
        raise SpecError(problems)
