"""Pydantic models of the HTTP API (the only place pydantic models are used): requests,
answers, documents, and status and errors."""
