"""Benchmarks of Sanji: a data generator and the measurements that show the portal stays fast as it grows.

See docs/benchmarks.md for the commands and the recorded figures.
"""
