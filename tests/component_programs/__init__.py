"""Pulumi programs the component tests run with ``oke_secure.offline.engine.run_program(path, config=...)``.

Real modules, so ruff and mypy check them (the components' ``Args`` TypedDicts included) and an error shows
up at lint time, not inside a test. The variable parts come in as Pulumi config (``pulumi.Config()``, the
default project ``oke-secure``). Importing one runs it: only the engine runs them, as ``__main__``. The file
names do not start with ``test_``, so pytest does not collect them.
"""
