"""Views of the calls app: public call pages and the candidate's application."""
