"""What every format's scanner shares: hits placed in files, and suppression directives."""
