"""Upgrade steps: one module a profile version, registered in configure.zcml."""
