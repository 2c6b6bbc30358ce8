"""greenroom's spiders."""
