"""Storage: the SQLite database, the WARC capture store and evidence bundles."""
