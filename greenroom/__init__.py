"""The application: the commands (api, cli), running a crawl (the lock, resume, the cluster
coordinator), the analysis step, the summary and mail, config loading and the UI."""
