"""The printing engine: renders the printables that kinds describe into one-page PDFs, knowing no kind by name."""
