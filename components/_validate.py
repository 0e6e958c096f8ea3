"""Components validate their arguments with the spec's own section models and value types.

A component used alone applies exactly the rules the stack applies (they are written once, in
``oke_secure/spec/``); problems are placed under the argument's name.
"""

from oke_secure.spec.loader import validated, validated_list, validated_value

__all__ = ["validated", "validated_list", "validated_value"]
