"""All SQL and files: the SQLite database, the WARC capture store, findings, cases and
evidence bundles. Imports no crawler, check or application module."""
