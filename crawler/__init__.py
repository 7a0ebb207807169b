"""The nianbao Scrapy project: settings, spiders, downloader middlewares and extensions."""
