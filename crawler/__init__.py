"""greenroom: a compliance crawler for market regulators."""

__version__ = "0.1.0"
