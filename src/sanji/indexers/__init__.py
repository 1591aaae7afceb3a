"""Catalog indexers: what lists, searches and statistics read instead of waking objects."""
