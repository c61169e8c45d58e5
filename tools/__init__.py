"""Developer tools kept with the project: fuzz and load harnesses for the server."""
