"""Spiders: they only route and yield; extraction lives in nianbao.clean / nianbao.parse."""
