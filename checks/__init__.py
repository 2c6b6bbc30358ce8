"""Judging subjects: the views a check reads (checks.base), the catalogue (checks.registry),
the runner, and one module per check. Imports no crawler or application module."""
