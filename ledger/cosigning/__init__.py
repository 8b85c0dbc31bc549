"""The witnessed log: asking witnesses to cosign checkpoints, storing and serving cosignatures."""
