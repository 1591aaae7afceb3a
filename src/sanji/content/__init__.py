"""Dexterity content types: one module a type."""
