"""Checks whose subject is a shop."""
