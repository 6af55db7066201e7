"""Widget views: one module per exercise or screen, plus shared pieces in `common`."""
