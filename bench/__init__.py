"""Performance benchmark of the offline preview (``make bench`` / ``python -m bench``); see README.md."""
