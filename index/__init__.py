"""Build time: read committee documents, parse them, chunk, embed and store them."""
