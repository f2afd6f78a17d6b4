"""The shared domain: documents, paragraphs, chunks, symbols, States, committees, document
types, sentence spans and errors, used at build time (index/) and query time (qa/) alike."""
