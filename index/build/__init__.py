"""Build: run the stages into an index folder, or update one in place."""
