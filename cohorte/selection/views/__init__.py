"""Views of the jury area (/jurys/): one module per subject."""
