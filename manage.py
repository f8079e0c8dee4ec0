#!/usr/bin/env python
"""Django's command-line utility for Cohorte."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohorte.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
