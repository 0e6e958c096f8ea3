"""The offline engine: run any Pulumi program under mocks and capture every resource it registers."""

from .capture import Capture, CapturedResource
from .run import run_program

__all__ = ["Capture", "CapturedResource", "run_program"]
