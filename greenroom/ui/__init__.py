"""The investigator's browser UI: Datasette over the findings database (`greenroom serve`)."""
