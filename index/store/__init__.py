"""Where chunks live: Chroma (chunk_store, reads, records; chroma is the only chromadb importer),
the keyword index beside it (keyword) and the data directory's locks (lock)."""
