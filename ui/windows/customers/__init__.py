"""Windows of the customer area: search, customer file, edit / merge dialogs, calls, complaints."""
