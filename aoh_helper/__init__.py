"""The ``aoh-helper`` command line: composes the core, the OCR pipeline and the server."""
