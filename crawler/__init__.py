"""The Scrapy side of a crawl: settings, middlewares, pipelines, rendering and room
sampling, the cluster scheduler, and `extract/` (page facts)."""
