"""The offline engine: run any Pulumi program under mocks and capture every resource it registers."""

from oke_secure.offline.engine.capture import Capture, CapturedResource
from oke_secure.offline.engine.run import run_program

__all__ = ["Capture", "CapturedResource", "run_program"]
