// Render TeX formulas with the real KaTeX or the real MathJax 3, in one process.
//   node render_math.js katex|mathjax  < formulas.jsonl  > results.jsonl
// Each input line is {"tex": "...", "display": true|false}; each output line, in the same order,
// is {"ok": true} or {"ok": false, "error": "the renderer's own message"}.
// KaTeX runs with throwOnError and strict "error" (a warning is a failure too); MathJax with the
// TeX packages every MathJax 3 page has (base, ams) and nothing autoloaded, and a formula fails
// when the parser reports an error or leaves an <merror> in the MathML.
"use strict";
const readline = require("readline");

function katexRenderer() {
  const katex = require("katex");
  return (tex, display) => {
    katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error" });
  };
}

function mathjaxRenderer() {
  const { mathjax } = require("mathjax-full/js/mathjax.js");
  const { TeX } = require("mathjax-full/js/input/tex.js");
  const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
  const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
  const { STATE } = require("mathjax-full/js/core/MathItem.js");
  require("mathjax-full/js/input/tex/base/BaseConfiguration.js");
  require("mathjax-full/js/input/tex/ams/AmsConfiguration.js");

  RegisterHTMLHandler(liteAdaptor());
  let error = null;
  const input = new TeX({
    packages: ["base", "ams"],
    formatError: (jax, err) => { error = err.message; return jax.formatError(err); },
  });
  const doc = mathjax.document("", { InputJax: input });
  return (tex, display) => {
    error = null;
    const node = doc.convert(tex, { display, end: STATE.CONVERT });
    if (error !== null) throw new Error(error);
    let merror = null;
    node.walkTree((n) => { if (merror === null && n.isKind("merror")) merror = n; });
    if (merror !== null) throw new Error("the MathML has an <merror> for: " + tex);
  };
}

const which = process.argv[2];
const render = which === "katex" ? katexRenderer() : which === "mathjax" ? mathjaxRenderer() : null;
if (render === null) {
  process.stderr.write("usage: node render_math.js katex|mathjax < formulas.jsonl\n");
  process.exit(2);
}
const out = [];
readline.createInterface({ input: process.stdin }).on("line", (text) => {
  if (!text.trim()) return;
  const { tex, display } = JSON.parse(text);
  try {
    render(tex, display);
    out.push(JSON.stringify({ ok: true }));
  } catch (e) {
    out.push(JSON.stringify({ ok: false, error: String(e.message || e) }));
  }
}).on("close", () => process.stdout.write(out.join("\n") + (out.length ? "\n" : "")));
