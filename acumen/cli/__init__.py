"""The command line (``acumen``): parsing, handlers and table formatting. An edge, like
``acumen.ui``: it builds the peer universe and passes it in."""
