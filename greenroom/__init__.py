"""greenroom: the application. The commands, running a crawl, analysis, summary and mail, the UI."""
