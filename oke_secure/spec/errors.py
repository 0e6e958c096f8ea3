"""Errors a user can act on: every problem names the field and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem with the input.

    Attributes:
        field: Dotted path of the offending field, e.g. ``network.subnets.workers``.
        message: What is wrong.
        fix: What to change so that it is right.
    """

    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}. Fix: {self.fix}"


class SpecError(ValueError):
    """Raised when a stack spec is invalid; carries one :class:`Problem` per problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ProgramError(RuntimeError):
    """Raised when a Pulumi program cannot be run (missing file, exception inside the program)."""
