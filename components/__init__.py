"""Pulumi ComponentResources that build a hardened OKE stack; each layer is usable on its own."""
