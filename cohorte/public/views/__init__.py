"""Views of the public site, one module per section."""
