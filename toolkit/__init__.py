"""The lowest layer: plain helpers that every package may import (URL identity, …).

It imports nothing of greenroom, so any layer can use it without reaching up."""
