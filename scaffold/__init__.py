"""serverless-new: create, upgrade and lint production-ready AWS serverless projects."""

__version__ = "0.1.0"
