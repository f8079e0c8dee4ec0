"""The programme team's back office for calls for applications (mounted at /gestion/)."""
