"""Evidence bundles, one module per job: `format` (the members, which are required, their
columns; `storage.verify` reads it too), `select` (which findings and captures), one writer
per member (`warc`, `wacz`, `findings`, `report`, `manifest`), and `timestamp` (RFC 3161).
`storage.bundle.export` runs them in order. A new member: a `format.Member` line and its
writer, called from `storage.bundle._build`."""
