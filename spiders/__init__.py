"""The spider: follows in-scope links, hands each page to extraction, yields page facts."""
