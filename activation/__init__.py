"""The project's core: what the IDs are, the commands that use them, what errors mean.

Pure Python with no Flask, OpenCV or Tesseract, so that the web app
(``webapp``), the OCR pipeline (``ocr``) and the CLI (``aoh_helper``) all
depend on it and it depends on none of them.  The browser's copies in
``static/js/`` are held to the same JSON test vectors (``tests/vectors/``).
"""
