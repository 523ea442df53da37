"""motcua: the administrative-procedure information system (one-stop system)."""
