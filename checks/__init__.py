"""The check catalogue: one module per check, registered in checks.registry."""
