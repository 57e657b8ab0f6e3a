"""Benchmarks of serverless-new and of the functions it generates.

`.venv/bin/python -m benchmarks` runs them all and writes benchmarks/RESULTS.md.
"""
