"""Turn a captured stack and its policy report into files other tools read."""
