"""The output layer: terminal (rich), Markdown, JSON, HTML reports, SVG, Typst worksheets and
Moodle XML.  The only package that imports rich; the core and the kinds never import it."""
