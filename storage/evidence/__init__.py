"""Writers and checks for the members of an evidence bundle (see storage.bundle)."""
