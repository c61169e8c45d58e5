"""Sample pictures of Installation IDs and Confirmation IDs, their generator and the OCR benchmark.

Why: the OCR pipeline must be measured on pictures like the ones users send
(consoles, dialogs, the portal's card, phone photos of monitors), with a truth
file, and judged on a fresh set made with another seed.
"""
