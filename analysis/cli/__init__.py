"""The command line (``python -m analysis``): one module per command."""

from analysis.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
