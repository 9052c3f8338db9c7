"""WMS: a warehouse management system for cross-border e-commerce hubs."""

__version__ = "0.1.0"
