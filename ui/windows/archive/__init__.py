"""The weekly archive area: week review and sign-off, head office summaries."""
