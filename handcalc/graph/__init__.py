"""The computation-graph kind: named nodes joined by gates, forward values and gradients by hand
(problem, ops, steps, mistakes, generator, drawing)."""
