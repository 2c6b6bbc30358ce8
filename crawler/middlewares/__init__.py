"""Scrapy middlewares of greenroom."""
