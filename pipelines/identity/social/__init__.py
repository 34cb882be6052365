"""Social profiles without a shared identifier, matched to persons probabilistically."""
