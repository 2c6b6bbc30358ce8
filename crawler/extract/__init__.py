"""Generic extraction: page facts from any marketplace markup, and their assembly."""
