"""Parts of the intake window (到店收件): look-up, comparison, condition, what was brought, actions."""
