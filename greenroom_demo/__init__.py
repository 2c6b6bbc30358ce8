"""The demo marketplace: a labelled fixture site on 127.0.0.1 in five renderings (a–e)."""
