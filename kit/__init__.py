"""The USB kit for offline PCs: collect/apply scripts and the offline QR page.

Depends only on ``activation`` (no Flask): the CLI writes the kit to a folder,
the web app serves it as a zip with its own address in it.
"""
