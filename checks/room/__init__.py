"""Checks whose subject is a room."""
