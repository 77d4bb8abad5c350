"""The network kind: a small neural network, one training step by hand (problem, layers, steps,
notation, mistakes, generator, value table, drawing)."""
