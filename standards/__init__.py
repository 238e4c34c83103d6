"""The standard system: tree, standards and their editions (and, later, their life cycle)."""
