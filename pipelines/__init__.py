"""Item pipelines, one job each, over the pure functions of nianbao."""
