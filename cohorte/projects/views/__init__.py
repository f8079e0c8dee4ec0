"""Views of the call for projects, one module per area (administration, instruction, jury...)."""
