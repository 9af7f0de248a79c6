//! What changed between two revisions (placeholder; being written).
