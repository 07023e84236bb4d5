"""`manage.py verify-audit`: the name the issue uses for `manage.py verify_audit`."""

from secondopinion.audit.management.commands.verify_audit import Command

__all__ = ["Command"]
