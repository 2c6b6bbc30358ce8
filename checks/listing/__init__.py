"""Checks whose subject is a listing."""
