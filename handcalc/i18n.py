"""Words shown to users, in Japanese and English.  One table; ``tr(key, lang)`` looks up."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .exercise import Exercise

import re
from collections.abc import Mapping

LANGS = ("ja", "en")

TEXT: dict[str, dict[str, str]] = {
    # phases of one training step
    "phase.forward": {"en": "Forward pass", "ja": "順伝播"},
    "phase.loss": {"en": "Loss", "ja": "損失"},
    "phase.backward": {"en": "Backward pass", "ja": "逆伝播"},
    "phase.update": {"en": "Update (gradient descent)", "ja": "パラメータの更新（勾配降下）"},
    "phase.after": {"en": "After the update (same input)", "ja": "更新後（同じ入力で）"},
    # table columns
    "col.symbol": {"en": "quantity", "ja": "量"},
    "col.formula": {"en": "formula", "ja": "式"},
    "col.numbers": {"en": "numbers put in", "ja": "数値を代入"},
    "col.value": {"en": "value", "ja": "値"},
    # problem summary
    "summary.network": {"en": "network", "ja": "ネットワーク"},
    "summary.loss": {"en": "loss", "ja": "損失関数"},
    "summary.lr": {"en": "learning rate", "ja": "学習率"},
    "summary.samples": {"en": "samples", "ja": "サンプル数"},
    "summary.notation": {"en": "notation", "ja": "記法"},
    "summary.update": {"en": "updated", "ja": "更新するもの"},
    "summary.decimals": {"en": "floats shown to {d} decimal places; exact values exactly",
                         "ja": "小数は小数第{d}位まで表示（割り切れる値はそのまま）"},
    "new.loss_formula": {"en": "the loss", "ja": "損失"},
    "reduction.mean": {"en": "mean over the samples", "ja": "サンプル平均"},
    "reduction.sum": {"en": "sum over the samples", "ja": "サンプル和"},
    "layout.column": {"en": "column layout ({pre} = W·{act} + b, W[j][i] = w_ji)",
                      "ja": "列レイアウト（{pre} = W·{act} + b、W[j][i] = w_ji）"},
    "layout.row": {"en": "row layout ({pre} = {act}·W + b, W[i][j] = w_ij)",
                   "ja": "行レイアウト（{pre} = {act}·W + b、W[i][j] = w_ij）"},
    "sample.note": {"en": "[n] marks sample n of the mini-batch",
                    "ja": "[n] はミニバッチの n 番目のサンプル"},
    "shortcut.note": {
        "en": "{pair}: δ at the output simplifies to ({y} − {t}){n} — the chain ∂L/∂{y} · h′ "
              "gives the same.",
        "ja": "{pair}：出力層の δ は ({y} − {t}){n} という簡単な形になる（連鎖律 ∂L/∂{y} · h′ で"
              "計算しても同じ値）。"},
    "improvement.fell": {"en": "The loss fell by {v}.", "ja": "損失は {v} 減った。"},
    "improvement.rose": {"en": "The loss rose by {v}: the step was too large.",
                         "ja": "損失は {v} 増えた（学習率が大きすぎる）。"},
    # check: grading a sheet (issue 3)
    "check.col.element": {"en": "element", "ja": "要素"},
    "check.col.answer": {"en": "your answer", "ja": "あなたの答え"},
    "check.col.expected": {"en": "expected", "ja": "正解"},
    "check.col.verdict": {"en": "verdict", "ja": "判定"},
    "verdict.right": {"en": "✓", "ja": "✓"},
    "verdict.carried": {"en": "↪ carried", "ja": "↪ 引き継ぎ"},
    "verdict.rounding": {"en": "≈ rounding", "ja": "≈ 丸め"},
    "verdict.wrong": {"en": "✗ wrong", "ja": "✗ 誤り"},
    "verdict.blank": {"en": "· blank", "ja": "· 空欄"},
    "verdict.unreadable": {"en": "? unreadable", "ja": "? 読めない"},
    "verdict.mistake": {"en": "✗ {name}", "ja": "✗ {name}"},
    "count.right": {"en": "right", "ja": "正解"},
    "count.carried": {"en": "carried", "ja": "引き継ぎ"},
    "count.rounding": {"en": "rounding", "ja": "丸め"},
    "count.mistake": {"en": "named mistake", "ja": "よくある誤り"},
    "count.wrong": {"en": "wrong", "ja": "誤り"},
    "count.blank": {"en": "blank", "ja": "空欄"},
    "count.unreadable": {"en": "unreadable", "ja": "読めない"},
    "check.score": {"en": "Score {points}/{total} ({percent}%): {counts}",
                    "ja": "得点 {points}/{total}（{percent}%）：{counts}"},
    "check.all_right": {"en": "Every answer is right.", "ja": "すべて正解です。"},
    "flag.different_problem": {
        "en": "⚑ different_problem: the sheet names or inlines another problem; it was graded "
              "against {problem}.",
        "ja": "⚑ different_problem：解答用紙が別の問題を指定（または埋め込み）しています。"
              "{problem} で採点しました。"},
    "flag.inlined_problem": {
        "en": "⚑ inlined_problem: the sheet brings its own problem (inlined); grade it against "
              "yours with --problem FILE.",
        "ja": "⚑ inlined_problem：解答用紙が問題を自分で埋め込んでいます。"
              "先生の問題で採点するには --problem FILE を使います。"},
    "flagword.different_problem": {"en": "different_problem", "ja": "別の問題"},
    "flagword.inlined_problem": {"en": "inlined_problem", "ja": "問題の埋め込み"},
    "flagword.same_student": {"en": "same_student", "ja": "同じ学生の答案が複数"},
    "check.no_error": {"en": "No error in what you wrote; {n} element(s) still blank.",
                       "ja": "書いた答えに誤りはありません。まだ答えていない要素が {n} 個あります。"},
    "check.no_error_none": {"en": "No error in what you wrote.",
                            "ja": "書いた答えに誤りはありません。"},
    "check.first_error": {"en": "First error: {symbol}  ({id})", "ja": "最初の誤り：{symbol}（{id}）"},
    "check.answer_line": {"en": "your answer {answer}, expected {expected}",
                          "ja": "あなたの答え {answer}、正解 {expected}"},
    "check.formula": {"en": "formula", "ja": "式"},
    "check.numbers": {"en": "your numbers put in", "ja": "あなたの値を代入"},
    "check.mistake": {"en": "named mistake", "ja": "よくある誤り"},
    "check.right_formula": {"en": "right formula", "ja": "正しい式"},
    "check.tie": {"en": "These mistakes give the same numbers here; one of them was made:",
                  "ja": "ここではどの誤りでも同じ値になるので、どれか1つをしたと考えられます："},
    "mistake.one_of": {"en": "one of: {names}", "ja": "いずれか：{names}"},
    "check.from_yours": {"en": "Your number is what this mistake gives from your own earlier "
                                "answers.",
                         "ja": "あなたのそれまでの答えにこの誤りを当てはめた値と一致します。"},
    "check.slip": {"en": "No known mistake gives this number: redo this step with the formula "
                         "above.",
                   "ja": "既知の誤りでは説明できない値です。上の式でこの段階を計算し直しましょう。"},
    "check.carried_note": {"en": "↪ carried: wrong only because an earlier answer was; the method "
                                 "is right (full credit).",
                           "ja": "↪ 引き継ぎ：前の答えの誤りを引き継いだだけで、手順は正しい"
                                 "（満点）。"},
    "check.notes": {"en": "Notes on the sheet", "ja": "答案についての注意"},
    "check.unreadable": {"en": "{id}: unreadable — {reason}", "ja": "{id}：読めない — {reason}"},
    "check.hint.where": {"en": "Your first error is at {symbol}  ({id}).",
                         "ja": "最初の誤りは {symbol}（{id}）です。"},
    "check.hint.look": {"en": "Look again at the formula:", "ja": "この式を見直しましょう："},
    "check.hint.more": {"en": "{n} more element(s) are wrong after it.",
                        "ja": "その後にも誤りが {n} 個あります。"},
    "check.error_line": {"en": "cannot be graded: {error}", "ja": "採点できません：{error}"},
    # check: a class of sheets
    "class.sheets": {"en": "Sheets", "ja": "答案"},
    "class.file": {"en": "sheet", "ja": "ファイル"},
    "class.problem": {"en": "graded against {problem}", "ja": "{problem} で採点"},
    "class.name": {"en": "name", "ja": "名前"},
    "class.score": {"en": "score", "ja": "得点"},
    "class.first": {"en": "first error", "ja": "最初の誤り"},
    "class.summary": {"en": "Class summary: {title} ({n} sheets graded)",
                      "ja": "クラスのまとめ：{title}（採点 {n} 枚）"},
    "class.step": {"en": "step", "ja": "段階"},
    "class.right": {"en": "all right", "ja": "正解した答案"},
    "class.common": {"en": "most common verdict when not right",
                     "ja": "正解でないときに多い判定"},
    "class.mistakes": {"en": "Most common named mistakes", "ja": "よく見られた誤り"},
    "class.code": {"en": "code", "ja": "コード"},
    "class.mistake": {"en": "mistake", "ja": "誤り"},
    "class.count": {"en": "sheets", "ja": "答案数"},
    "class.where": {"en": "where", "ja": "場所"},
    "html.title": {"en": "handcalc — class report", "ja": "handcalc — クラスの採点結果"},
    "html.heatmap": {"en": "Students × steps (the colour is the worst verdict in the step)",
                     "ja": "学生 × 段階（色はその段階で最も悪い判定）"},
    "html.unusable": {"en": "could not be graded (see the terminal or --json)",
                      "ja": "採点できませんでした（端末の表示か --json を参照）"},
    "html.total": {"en": "{ok} of {n} sheets all right.", "ja": "{n} 枚中 {ok} 枚が全問正解。"},
    "class.none": {"en": "No named mistake in any sheet.", "ja": "よくある誤りは見つかりませんでした。"},
    "class.total": {"en": "{ok} of {n} sheets all right; {bad} could not be graded; mean score "
                          "{mean}%.",
                    "ja": "{n} 枚中 {ok} 枚が全問正解、採点できなかった答案は {bad} 枚、平均 {mean}%。"},
    "class.help_first": {"en": "Who needs help first", "ja": "優先して手助けしたい学生"},
    "class.missing": {"en": "No sheet from {n} student(s): {who}",
                      "ja": "答案が出ていない学生（{n} 人）：{who}"},
    "class.inlined_out": {"en": " ({n} sheet(s) with an inlined problem left out of the mean)",
                          "ja": "（問題を埋め込んだ答案 {n} 枚は平均に含めていません）"},
    # template: the blank answer sheet
    "template.title": {"en": "handcalc answer sheet: {title}", "ja": "handcalc 解答用紙：{title}"},
    "template.how": {
        "en": "Replace each ~ with your answer: a number (0.25), a fraction (3/20) or simple\n"
              "arithmetic (\"0.1*0.5 + 0.2\"); lists as [0.1, 0.2], matrices as [[…], […]].\n"
              "Round to {d} decimal places. Leave ~ where you have no answer yet.",
        "ja": "~ をあなたの答えに書き換えてください：数（0.25）、分数（3/20）、簡単な式\n"
              "（\"0.1*0.5 + 0.2\"）。リストは [0.1, 0.2]、行列は [[…], […]]。\n"
              "小数第{d}位まで（四捨五入）。まだ答えていないところは ~ のまま。"},
    "template.check": {"en": "Check it with:  handcalc check {file}",
                       "ja": "採点：  handcalc check {file}"},
    "shape.number": {"en": "one number", "ja": "数値1つ"},
    "shape.vector": {"en": "list of {n}", "ja": "{n} 個のリスト"},
    "shape.matrix": {"en": "{r}×{c}", "ja": "{r}×{c}"},
    "shape.like": {"en": "{shape} like {w}", "ja": "{w} と同じ {shape}"},
    "shape.samples": {"en": "{shape}, one row per sample", "ja": "{shape}、1行に1サンプル"},
    "meaning.z": {"en": "pre-activations of layer {l}", "ja": "第{l}層の活性化前の値（総入力）"},
    "meaning.a": {"en": "activations (outputs) of layer {l}", "ja": "第{l}層の活性化後の値（出力）"},
    "meaning.loss": {"en": "the loss", "ja": "損失"},
    "meaning.loss_new": {"en": "the loss after the update (same input)",
                         "ja": "更新後の損失（同じ入力）"},
    "meaning.dL_da": {"en": "gradient of the loss with respect to the output",
                      "ja": "出力に関する損失の勾配"},
    "meaning.delta": {"en": "δ of layer {l}: ∂L/∂(pre-activation)",
                      "ja": "第{l}層の δ（活性化前の値に関する損失の勾配）"},
    "meaning.dW": {"en": "gradient of the weights of layer {l}", "ja": "第{l}層の重みの勾配"},
    "meaning.db": {"en": "gradient of the biases of layer {l}", "ja": "第{l}層のバイアスの勾配"},
    "meaning.W_new": {"en": "weights of layer {l} after the update", "ja": "更新後の第{l}層の重み"},
    "meaning.b_new": {"en": "biases of layer {l} after the update",
                      "ja": "更新後の第{l}層のバイアス"},
    "meaning.improvement": {"en": "how much the loss fell (loss − loss after)",
                            "ja": "損失の減少量（更新前 − 更新後）"},
    # new: generated problems, worksheets, the Moodle quiz, the generator's report
    "new.intro": {
        "en": "Train the network below by one step of gradient descent, by hand: the forward "
              "pass, the loss, the backward pass, the update of the parameters, and the loss "
              "after the update with the same input. How much does the loss fall?",
        "ja": "下のネットワークを勾配降下法で1回だけ手計算で学習させよ。順伝播、損失、逆伝播、"
              "パラメータの更新、同じ入力での更新後の損失を求めよ。損失はいくら減るか。"},
    "new.intro_graph": {
        "en": "Compute every node of the graph below (the forward pass), then the gradient of the "
              "output with respect to every node and input (the backward pass), by hand.",
        "ja": "下の計算グラフの各ノードの値（順伝播）と、各ノード・各入力についての出力の勾配"
              "（逆伝播）を手計算で求めよ。"},
    "new.intro_formula": {
        "en": "Derive each quantity by hand with the chain rule, then type the formula you reach "
              "on the answer sheet, as you would write it.",
        "ja": "連鎖律で各量を手で導き、たどり着いた式を書くとおりに解答用紙に入力する。"},
    "new.title": {"en": "Backpropagation by hand ({style}, seed {seed})",
                  "ja": "誤差逆伝播の手計算（{style}、seed {seed}）"},
    "new.title_graph": {"en": "Computation graph ({style}, seed {seed})",
                        "ja": "計算グラフ（{style}、seed {seed}）"},
    "style.easy": {"en": "easy", "ja": "やさしい"},
    "style.medium": {"en": "medium", "ja": "ふつう"},
    "style.hard": {"en": "hard", "ja": "むずかしい"},
    "style.logistic": {"en": "logistic", "ja": "ロジスティック回帰"},
    "style.regression": {"en": "regression", "ja": "回帰"},
    "style.exercise3": {"en": "exercise3", "ja": "演習3"},
    "svg.forward": {"en": "forward value above each edge, ", "ja": "辺の上に順伝播の値、"},
    "svg.backward": {"en": "gradient below", "ja": "下に勾配"},
    "new.network": {"en": "the network", "ja": "ネットワーク"},
    "new.given": {"en": "Given", "ja": "与えられた値"},
    "new.samples": {"en": "A mini-batch of {n} samples: in x and the target, each row is one "
                          "sample.",
                    "ja": "{n} サンプルのミニバッチ：x と目標値の各行が1サンプル。"},
    "new.formulas": {"en": "Formulas (in this problem's notation)", "ja": "式（この問題の記法）"},
    "new.table": {"en": "Value table", "ja": "数表"},
    "new.table_note": {"en": "values to {d} decimal places; log is the natural logarithm",
                       "ja": "小数第{d}位まで。log は自然対数"},
    "new.col.function": {"en": "function", "ja": "関数"},
    "new.col.value": {"en": "value", "ja": "値"},
    "new.compute": {"en": "What to compute", "ja": "求めるもの"},
    "new.rule": {"en": "Give each number to {d} decimal places; an exact value may be written "
                       "exactly (0.25, 1/3).",
                 "ja": "答えは小数第{d}位まで。割り切れる値はそのまま書いてよい（0.25、1/3）。"},
    "new.col.quantity": {"en": "quantity", "ja": "量"},
    "new.col.key": {"en": "key in answers.yaml", "ja": "answers.yaml のキー"},
    "new.col.shape": {"en": "shape", "ja": "形"},
    "new.check_title": {"en": "Checking your answers", "ja": "答え合わせ"},
    "new.check": {"en": "Write your answers into `{answers}` (every key is there, blank), then:",
                  "ja": "答えを `{answers}`（キーは記入済み、値は空欄）に書き込んでから："},
    "new.wrote": {"en": "wrote", "ja": "書き出したファイル"},
    "new.next": {"en": "Next:", "ja": "次に："},
    "new.next.fill": {"en": "fill in your answers:", "ja": "答えを書き込む："},
    "new.next.check": {"en": "check them:", "ja": "採点する："},
    "new.next.solve": {"en": "the worked solution:", "ja": "解答を見る："},
    "new.variants": {"en": "{n} variants (seeds {first}…{last}), one per student:",
                     "ja": "{n} 通りの問題（seed {first}…{last}）、1人に1問："},
    "paper.name": {"en": "Name", "ja": "氏名"},
    "paper.id": {"en": "ID", "ja": "学籍番号"},
    "paper.key": {"en": "answer key", "ja": "解答"},
    "paper.worksheet": {"en": "Worksheet", "ja": "演習"},
    "moodle.task": {"en": "Enter each value to {d} decimal places (a tolerance of ±{tol} is "
                          "accepted).",
                    "ja": "各値を小数第{d}位まで入力せよ（±{tol} の誤差は許容）。"},
    "moodle.choice": {"en": "Which is {q}? (rounded to {d} decimal places)",
                      "ja": "{q} の値はどれか（小数第{d}位に四捨五入）。"},
    "moodle.right": {"en": "Right.", "ja": "正解。"},
    "moodle.feedback": {
        "en": "The worked solution, step by step: handcalc solve problem.yaml. For marking with "
              "follow-through and named mistakes: handcalc check answers.yaml.",
        "ja": "途中式つきの解答：handcalc solve problem.yaml。前の誤りを引き継いだ部分点と、"
              "よくある誤りの指摘つきの採点：handcalc check answers.yaml。"},
    "stats.title": {"en": "Generator report: {n} seeds per level", "ja": "生成レポート：各レベル {n} シード"},
    "stats.level": {"en": "level", "ja": "レベル"},
    "stats.problems": {"en": "problems", "ja": "問題数"},
    "stats.draws": {"en": "draws", "ja": "抽選回数"},
    "stats.acceptance": {"en": "accepted", "ja": "採択率"},
    "stats.time": {"en": "time", "ja": "時間"},
    "stats.per": {"en": "per problem", "ja": "1問あたり"},
    "stats.rule": {"en": "rule", "ja": "ルール"},
    "stats.share": {"en": "problems meeting it", "ja": "満たす問題の割合"},
    "stats.rejected": {"en": "draws rejected by it", "ja": "これで棄却した抽選"},
    "stats.verify": {"en": "every rule measured again on the exact values in {t}",
                     "ja": "全ルールを厳密な値で測り直した時間 {t}"},
    # command-line help (cli.py picks the language once, at start-up)
    "help.app": {
        "en": "Hand-calculation exercises on backpropagation: solve them step by step, check a "
              "learner's answers with follow-through credit, and generate new ones.\n\n"
              "Start with:  handcalc solve exercises/exercise3.yaml",
        "ja": "誤差逆伝播法の手計算演習：問題を1段階ずつ解いて見せ、学習者の答えを"
              "前の誤りの引き継ぎを考慮して採点し、新しい問題を作る。\n\n"
              "まずは：  handcalc solve exercises/exercise3.yaml"},
    "help.root": {"en": "Hand-calculation exercises on backpropagation: solve, check, template, "
                        "new.",
                  "ja": "誤差逆伝播法の手計算演習：solve、check、template、new。"},
    "help.version": {"en": "Print handcalc's version and exit.",
                     "ja": "handcalc のバージョンを表示して終了する。"},
    "help.lang": {"en": "Language of the output: ja or en (default: from the locale, LANG).",
                  "ja": "出力の言語：ja または en（既定値はロケール LANG に従う）。"},
    "help.problem": {"en": "The problem file (YAML), e.g. exercises/exercise3.yaml.",
                     "ja": "問題ファイル（YAML）。例：exercises/exercise3.yaml"},
    "help.solve": {
        "en": "Show the worked solution of a problem, step by step, with every number put in.",
        "ja": "問題の解答を1段階ずつ、すべての数値を式に代入して示す。"},
    "help.solve.json": {"en": 'Print every value as JSON: {"handcalc": 1, "values": {...}}.',
                        "ja": 'すべての値を JSON で出力する：{"handcalc": 1, "values": {...}}'},
    "help.solve.notation": {"en": "Show the solution in another notation: za (z, a), ax (a, x) "
                                  "or uz (u, z).",
                            "ja": "別の記法で解答を示す：za（z, a）、ax（a, x）、uz（u, z）。"},
    "help.solve.decimals": {"en": "Decimal places for floats (default: the problem's).",
                            "ja": "小数の表示桁数（既定値は問題ファイルの指定）。"},
    "help.solve.format": {"en": "table (terminal) or md (Markdown with LaTeX math, for GitHub, "
                                "Jupyter, Qiita, Zenn).",
                          "ja": "table（端末）または md（LaTeX の数式つき Markdown。"
                                "GitHub、Jupyter、Qiita、Zenn 向け）。"},
    "help.solve.svg": {"en": "Also draw the problem as SVG into this file (a network: layers, "
                             "bias units, every weight labelled; a computation graph: forward "
                             "values above the edges, gradients below).",
                       "ja": "問題の図を SVG でこのファイルにも書き出す（ネットワーク：層、"
                             "バイアス、すべての重みのラベル。計算グラフ：辺の上に順伝播の値、"
                             "下に勾配）。"},
    "help.solve.force": {"en": "Let --svg overwrite an existing file.",
                         "ja": "--svg で既存のファイルを上書きする。"},
    "help.check": {
        "en": "Grade answer sheets step by step: ✓ right, ↪ carried (follow-through), named "
              "mistakes.\n\nOne sheet: every element in working order, the first error with its "
              "formula and your numbers put in, and the score. Many sheets: one line per sheet "
              "and a class summary. Exit status 0: all right; 1: something is wrong; 2: a sheet "
              "could not be used.",
        "ja": "解答用紙を1段階ずつ採点する：✓ 正解、↪ 引き継ぎ（前の誤りによるもので満点）、"
              "よくある誤りの指摘。\n\n1枚のとき：計算の順にすべての要素と、最初の誤りを"
              "その式とあなたの値を代入した形で示し、得点を出す。複数枚のとき：1枚1行と"
              "クラスのまとめ。終了コード 0：すべて正解、1：誤りがある、2：使えない答案がある。"},
    "help.check.sheets": {"en": "Answer sheets (YAML), e.g. answers.yaml or answers/*.yaml.",
                          "ja": "解答用紙（YAML）。例：answers.yaml、answers/*.yaml"},
    "help.check.json": {"en": 'Print every verdict as JSON: {"handcalc": 1, "sheets": [...]}.',
                        "ja": 'すべての判定を JSON で出力する：{"handcalc": 1, "sheets": [...]}'},
    "help.check.csv": {"en": "Print a spreadsheet of scores (CSV): one row per sheet, one "
                             "column per step.",
                       "ja": "得点の表を CSV で出力する：1行に答案1枚、1列に1段階。"},
    "help.check.hint": {"en": "Show only where the first error is and which formula to look "
                              "at, without the expected values.",
                        "ja": "最初の誤りの場所と見直す式だけを示し、正解の値は示さない。"},
    "help.check.problem": {"en": "The teacher's problem: every sheet is graded against it, and "
                                 "a sheet naming or inlining another problem is flagged.",
                           "ja": "先生の問題ファイル：すべての答案をこの問題で採点し、"
                                 "別の問題を指定・埋め込みした答案には印を付ける。"},
    "help.check.root": {"en": "The folder a sheet's problem: may name files in (default: the "
                              "sheet's own folder).",
                        "ja": "答案の problem: が指すファイルを探すフォルダ（既定値は"
                              "答案のあるフォルダ）。"},
    "help.check.numbers": {"en": "What an answer may be: plain (one number or fraction), "
                                 "arithmetic (also + - * / ^ and parentheses) or functions "
                                 "(also exp, log, ln, sqrt, e).",
                           "ja": "答えに書けるもの：plain（数値か分数1つ）、arithmetic"
                                 "（+ - * / ^ と括弧も）、functions（exp、log、ln、sqrt、e も）。"},
    "help.check.class": {"en": "A class's manifest (class.yaml from new --class): each sheet "
                               "is graded against its student's variant, found by the sheet's "
                               "id:, and the report is one across all the variants.",
                         "ja": "クラスの名簿ファイル（new --class が作る class.yaml）：各答案は"
                               "その id: の学生に配った問題で採点し、全員分を1つのレポートに"
                               "まとめる。"},
    "help.check.html": {"en": "Also write the class report as one self-contained HTML page: a "
                              "heat map of students × steps and the commonest mistakes.",
                        "ja": "クラスのレポートを単独で開ける HTML ページとしても書き出す："
                              "学生 × 段階のヒートマップと、多かった誤り。"},
    "help.check.force": {"en": "Overwrite the --html file if it exists.",
                         "ja": "--html のファイルがあっても上書きする。"},
    "help.template": {"en": "Write the blank answer sheet of a problem: every key in working "
                            "order, each with its shape and meaning as a comment.",
                      "ja": "問題の空の解答用紙を書き出す：計算の順にすべてのキーを並べ、"
                            "それぞれの形と意味をコメントで添える。"},
    "help.template.out": {"en": "Write the sheet to this file (its problem: path is made "
                                "relative to it) instead of printing it.",
                          "ja": "表示する代わりにこのファイルへ書き出す（problem: のパスは"
                                "このファイルからの相対パスになる）。"},
    "help.template.force": {"en": "Let --out overwrite an existing file.",
                            "ja": "--out で既存のファイルを上書きする。"},
    "help.sheet": {"en": "Print any problem on paper: the worksheet (or with --key the answer "
                         "key) as PDF or Markdown.",
                   "ja": "問題を紙に印刷する：演習用紙（--key なら解答）を PDF または "
                         "Markdown で書き出す。"},
    "help.sheet.problems": {"en": "Problem files (YAML), bundled or your own, e.g. "
                                  "exercises/exercise3.yaml.",
                            "ja": "問題ファイル（YAML）。同梱のものでも自作でもよい。"
                                  "例：exercises/exercise3.yaml"},
    "help.sheet.pdf": {"en": "Write one PDF: each problem's worksheet from a new page (name "
                             "and ID on top, the drawing without answers, a labelled box per "
                             "number).",
                       "ja": "PDF を1つ書き出す：問題ごとに新しいページから演習用紙"
                             "（上に氏名と学籍番号、答えのない図、数値ごとにラベル付きの枠）。"},
    "help.sheet.md": {"en": "Write the worksheet as Markdown with its drawing into this "
                            "directory (a folder per problem when there are several).",
                      "ja": "演習用紙を図とともに Markdown でこのフォルダに書き出す"
                            "（問題が複数なら問題ごとにフォルダを作る）。"},
    "help.sheet.key": {"en": "The answer key (the worked solution) instead of the worksheet.",
                       "ja": "演習用紙の代わりに解答（途中式つき）を書き出す。"},
    "help.force": {"en": "Overwrite existing files.", "ja": "既存のファイルを上書きする。"},
    "help.new": {"en": "Generate a problem worth doing by hand: problem.yaml and a blank "
                       "answers.yaml, and optionally a worksheet, the worked solution, the "
                       "network drawn as SVG and a Moodle quiz.",
                 "ja": "手計算に向いた問題を作る：problem.yaml と空の answers.yaml。"
                       "指定すれば演習用紙、途中式つきの解答、ネットワークの図（SVG）、"
                       "Moodle の小テストも作る。"},
    "help.new.arch": {"en": "Units per layer, input first, like 2-3-2 (default by level: easy "
                            "2-2-1, medium 2-2-2, hard 2-3-2).",
                      "ja": "各層のユニット数を入力層から 2-3-2 のように（既定値はレベルで"
                            "決まる：easy 2-2-1、medium 2-2-2、hard 2-3-2）。"},
    "help.new.hidden": {"en": "Hidden activation: relu, sigmoid, tanh or identity.",
                        "ja": "隠れ層の活性化関数：relu、sigmoid、tanh、identity。"},
    "help.new.output": {"en": "Output activation: identity, sigmoid or softmax.",
                        "ja": "出力層の活性化関数：identity、sigmoid、softmax。"},
    "help.new.loss": {"en": "squared_error, cross_entropy or binary_cross_entropy (default: "
                            "the one that fits --output).",
                      "ja": "損失関数：squared_error、cross_entropy、binary_cross_entropy"
                            "（既定値は --output に合うもの）。"},
    "help.new.batch": {"en": "Samples in the mini-batch (1–4).",
                       "ja": "ミニバッチのサンプル数（1〜4）。"},
    "help.new.reduction": {"en": "mean or sum over the samples.",
                           "ja": "サンプルについての平均（mean）か和（sum）か。"},
    "help.new.level": {"en": "easy (identity/ReLU, squared error, every number exact), medium "
                             "(sigmoid, tanh, softmax, a value table) or hard (mini-batches).",
                       "ja": "難しさ：easy（恒等関数と ReLU、二乗誤差、すべて割り切れる数）、"
                             "medium（シグモイド、tanh、ソフトマックス、数表つき）、"
                             "hard（ミニバッチ）。"},
    "help.new.notation": {"en": "za (z, a), ax (a, x) or uz (u, z).",
                          "ja": "記法：za（z, a）、ax（a, x）、uz（u, z）。"},
    "help.new.layout": {"en": "column (W·a, w_ji) or row (a·W, w_ij); default: the notation's.",
                        "ja": "重みの並べ方：column（W·a、w_ji）または row（a·W、w_ij）。"
                              "既定値は記法に従う。"},
    "help.new.preset": {"en": "A seed's exercise style: logistic, regression or exercise3.",
                        "ja": "同梱の演習と同じ型の問題：logistic、regression、exercise3。"},
    "help.new.kind": {"en": "network, graph (a scalar computation graph) or formula (derive a "
                            "gradient as a formula).",
                      "ja": "問題の種類：network（ネットワーク）、graph（スカラーの計算グラフ）、"
                            "formula（勾配を式で導く）。"},
    "help.new.seed": {"en": "Makes the problem reproducible (default: a random seed, printed "
                            "in the title).",
                      "ja": "問題を再現できるようにする（既定値はランダムな seed で、"
                            "タイトルに記される）。"},
    "help.new.count": {"en": "Write N distinct problems, DIR/01 … DIR/N (one per student).",
                       "ja": "異なる問題を N 個、DIR/01 … DIR/N に書き出す（学生1人に1問）。"},
    "help.new.class": {"en": "A class roster (CSV with the columns id,name): a distinct variant "
                             "per student in DIR/<id>/, their sheets pre-filled with id and "
                             "name, and DIR/class.yaml binding each id to its problem.",
                       "ja": "クラスの名簿（列 id,name の CSV）：学生ごとに異なる問題を "
                             "DIR/<id>/ に作り、解答用紙に id と氏名を記入し、各 id と問題を"
                             "結び付ける DIR/class.yaml を書き出す。"},
    "help.new.out": {"en": "The directory to write into.", "ja": "書き出すフォルダ。"},
    "help.new.worksheet": {"en": "md: also write worksheet.md, solution.md and the diagram "
                                 "(SVG).",
                           "ja": "md：worksheet.md、solution.md と図（SVG）も書き出す。"},
    "help.new.moodle": {"en": "Also write moodle.xml, a quiz to import into Moodle.",
                        "ja": "Moodle に取り込める小テスト moodle.xml も書き出す。"},
    "help.new.choices": {"en": "With --moodle: also a multiple-choice question per quantity "
                               "(E資格 style), the wrong options the values of named mistakes, "
                               "each one's feedback naming it.",
                         "ja": "--moodle と併用：量ごとに多肢選択問題（E資格の形式）も作る。"
                               "誤りの選択肢はよくある誤りの値で、そのフィードバックは"
                               "誤りの名前を示す。"},
    "help.new.pdf": {"en": "Also write worksheet.pdf per problem (name and ID on top, a box per "
                           "number), key.pdf (the answer keys) and, for several problems, "
                           "class.pdf (every worksheet, to print).",
                     "ja": "問題ごとの worksheet.pdf（上に氏名と学籍番号、数値ごとの枠）、"
                           "key.pdf（解答）、問題が複数なら class.pdf（印刷用の全演習用紙）"
                           "も書き出す。"},
    "help.new.force": {"en": "Overwrite existing files (never without).",
                       "ja": "既存のファイルを上書きする（指定しなければ上書きしない）。"},
    "help.new.stats": {"en": "Instead of writing a problem, report generation over 1,000 seeds "
                             "per level (rules met, time).",
                       "ja": "問題を書き出す代わりに、各レベル 1,000 個の seed で生成を試した"
                             "結果（満たしたルール、時間）を報告する。"},
    "help.example": {"en": "Example", "ja": "例"},
}


# typer's and click's own words on a help page, in Japanese (cli.py sets them when help is
# shown in Japanese): typer.rich_utils constants by name, and the --help option's own help.
TYPER_JA = {
    "Usage: ": "使い方: ",
    "ARGUMENTS_PANEL_TITLE": "引数",
    "OPTIONS_PANEL_TITLE": "オプション",
    "COMMANDS_PANEL_TITLE": "コマンド",
    "ERRORS_PANEL_TITLE": "エラー",
    "REQUIRED_LONG_STRING": "[必須]",
    "DEFAULT_STRING": "[既定値: {}]",
    "Show this message and exit.": "このヘルプを表示して終了する。",
}

# Messages of errors and warnings (problem files, answer sheets, rosters, manifests, options).
# The core writes them in English, the source; ``say`` puts a line into Japanese at the edge,
# clause by clause (clauses are split at '; ' and after a place 'file:line:col: '), each
# clause matched against these templates.  {fields} match any text and are themselves said in
# the language when they are one of these phrases; a clause with no template stays as it is
# (tests/test_i18n.py lists the clauses the corpus still leaves in English: none).
MESSAGES: list[dict[str, str]] = [
    # what a value was found to be (yamlsafe.Node.describe)
    {"en": "a list of {n} items", "ja": "{n} 個の要素のリスト"},
    {"en": "a list of {n} item", "ja": "{n} 個の要素のリスト"},
    {"en": "a mapping (key: value lines)", "ja": "マッピング（key: value の行）"},
    {"en": "an empty list", "ja": "空のリスト"},
    {"en": "nothing (blank)", "ja": "何もない（空欄）"},
    {"en": "an empty file", "ja": "空のファイル"},
    {"en": "the problem", "ja": "問題"},
    {"en": "the answer sheet", "ja": "解答用紙"},
    {"en": "a graph problem", "ja": "計算グラフの問題"},
    {"en": "a class manifest", "ja": "クラスの一覧ファイル"},
    {"en": "a student", "ja": "学生の項目"},
    # reading a file (yamlsafe)
    {"en": "no such file", "ja": "ファイルがありません"},
    {"en": "is a folder, not a file", "ja": "フォルダです（ファイルではありません）"},
    {"en": "cannot be read ({why})", "ja": "読めません（{why}）"},
    {"en": "is not a regular file (a device, a pipe or a FIFO)",
     "ja": "通常のファイルではありません（デバイス、パイプ、FIFO）"},
    {"en": "give a regular file", "ja": "通常のファイルを指定してください"},
    {"en": "the path contains a null byte", "ja": "パスに NUL 文字が含まれています"},
    {"en": "give a plain file name", "ja": "普通のファイル名を指定してください"},
    {"en": "is larger than {n} KiB", "ja": "{n} KiB を超えています"},
    {"en": "a handcalc file is small — is this the right file?",
     "ja": "handcalc のファイルは小さいものです。ファイルを間違えていませんか"},
    {"en": "the file is not UTF-8 text (byte {byte} here)",
     "ja": "ファイルが UTF-8 のテキストではありません（ここにバイト {byte}）"},
    {"en": "save it as UTF-8", "ja": "UTF-8 で保存してください"},
    {"en": "is not UTF-8 text", "ja": "UTF-8 のテキストではありません"},
    {"en": "a control character ({code}) that YAML does not allow",
     "ja": "YAML で使えない制御文字（{code}）があります"},
    {"en": "delete it (was the file saved as UTF-8 text?)",
     "ja": "削除してください（ファイルは UTF-8 のテキストで保存されていますか）"},
    {"en": "not valid YAML: {what}", "ja": "YAML として正しくありません：{what}"},
    {"en": "a ']' is missing, or a ',' between two items (the [ … ] list that starts on line "
           "{line}, column {col})",
     "ja": "']' が足りないか、2つの要素の間の ',' がありません（{line} 行 {col} 列から始まる "
           "[ … ] のリスト）"},
    {"en": "a '}}' is missing, or a ',' between two items (the {{ … }} mapping that starts on "
           "line {line}, column {col})",
     "ja": "'}}' が足りないか、2つの要素の間の ',' がありません（{line} 行 {col} 列から始まる "
           "{{ … }} のマッピング）"},
    {"en": "a tab", "ja": "タブ文字があります"},
    {"en": "indent with spaces, never tabs (the value that starts on line {line}, column {col})",
     "ja": "字下げにはタブでなく空白を使ってください（{line} 行 {col} 列から始まる値）"},
    {"en": "a key must be a plain name, not a list or a mapping",
     "ja": "キーはリストやマッピングでなく、普通の名前にしてください"},
    {"en": "key '{key}' is given twice, on line {a} and on line {b}",
     "ja": "キー '{key}' が {a} 行目と {b} 行目の2回書かれています"},
    {"en": "keep one", "ja": "1つにしてください"},
    {"en": "anchors and aliases (& and *) are not allowed", "ja": "アンカーとエイリアス（& と *）は使えません"},
    {"en": "write the values out", "ja": "値をそのまま書いてください"},
    {"en": "more than one YAML document (---)", "ja": "YAML の文書（---）が2つ以上あります"},
    {"en": "a file holds one", "ja": "1つのファイルに1つの文書にしてください"},
    {"en": "the YAML tag '{tag}' is not allowed (handcalc reads plain values only)",
     "ja": "YAML のタグ '{tag}' は使えません（handcalc が読むのは普通の値だけです）"},
    {"en": "delete the tag", "ja": "タグを削除してください"},
    {"en": "too many values (more than {n})", "ja": "値が多すぎます（{n} 個を超えています）"},
    {"en": "a handcalc file is small", "ja": "handcalc のファイルは小さいものです"},
    {"en": "nested deeper than {n} levels", "ja": "入れ子が {n} 段より深くなっています"},
    {"en": "a handcalc file is flat", "ja": "handcalc のファイルは浅い構造です"},
    # what the YAML parser found (yamlsafe._PROBLEMS, _CONTEXTS)
    {"en": "{what} ({context} that starts on line {line}, column {col})",
     "ja": "{what}（{line} 行 {col} 列から始まる{context}）"},
    {"en": "the [ … ] list", "ja": "[ … ] のリスト"},
    {"en": "the {{ … }} mapping", "ja": "{{ … }} のマッピング"},
    {"en": "the block of 'key: value' lines", "ja": "'key: value' の行のブロック"},
    {"en": "the indented block", "ja": "字下げされたブロック"},
    {"en": "the quoted text", "ja": "引用符で囲んだテキスト"},
    {"en": "the key", "ja": "キー"},
    {"en": "the | or > text block", "ja": "| または > のテキストブロック"},
    {"en": "the value", "ja": "値"},
    {"en": "the % directive", "ja": "% ディレクティブ"},
    {"en": "the part", "ja": "部分"},
    {"en": "indent with spaces, never tabs", "ja": "字下げにはタブでなく空白を使ってください"},
    {"en": "a ']' is missing, or a ',' between two items",
     "ja": "']' が足りないか、2つの要素の間の ',' がありません"},
    {"en": "a '}}' is missing, or a ',' between two entries",
     "ja": "'}}' が足りないか、2つの要素の間の ',' がありません"},
    {"en": "expected 'key: value' (a ':' after the key)",
     "ja": "'key: value' の形（キーの後に ':'）になっていません"},
    {"en": "a ':' here is not allowed", "ja": "ここに ':' は書けません"},
    {"en": "one 'key: value' per line, and quote text that contains ': '",
     "ja": "1行に 'key: value' を1つ書き、': ' を含むテキストは引用符で囲んでください"},
    {"en": "a '- ' list item cannot start here", "ja": "ここから '- ' のリスト項目は始められません"},
    {"en": "put it on its own line, indented under its key",
     "ja": "キーの下に字下げして、それだけの行に書いてください"},
    {"en": "this line is not a '- ' item like the lines above it",
     "ja": "この行は上の行のような '- ' の項目になっていません"},
    {"en": "check its indentation", "ja": "字下げを確かめてください"},
    {"en": "this line's indentation does not match the 'key: value' lines above it",
     "ja": "この行の字下げが上の 'key: value' の行と揃っていません"},
    {"en": "a value is missing here (a ',' or a bracket too many?)",
     "ja": "ここに値がありません（',' や括弧が多すぎませんか）"},
    {"en": "the file ends before this is closed", "ja": "閉じられる前にファイルが終わっています"},
    {"en": "close it", "ja": "閉じてください"},
    {"en": "in \"double quotes\" a backslash starts an escape like \\n",
     "ja": "\"二重引用符\" の中ではバックスラッシュは \\n のようなエスケープの始まりです"},
    {"en": "use 'single quotes' or write \\\\", "ja": "'一重引用符' を使うか \\\\ と書いてください"},
    {"en": "text after the end of the document (a closing bracket too many?)",
     "ja": "文書の終わりの後にテキストがあります（閉じ括弧が多すぎませんか）"},
    {"en": "a %YAML directive other than 1.x", "ja": "1.x 以外の %YAML ディレクティブがあります"},
    {"en": "delete it", "ja": "削除してください"},
    {"en": "an unknown '!' tag", "ja": "知らない '!' タグがあります"},
    {"en": "handcalc reads plain values only, delete it",
     "ja": "handcalc が読むのは普通の値だけです。削除してください"},
    {"en": "the character {x} cannot start a value here",
     "ja": "文字 {x} で値を始めることはできません"},
    {"en": "a character that cannot start a value here",
     "ja": "値を始められない文字があります"},
    {"en": "quote the text", "ja": "テキストを引用符で囲んでください"},
    {"en": "this is not valid YAML here", "ja": "ここは YAML として正しくありません"},
    {"en": "check the brackets, quotes and indentation",
     "ja": "括弧、引用符、字下げを確かめてください"},
    {"en": "half of a broken character pair ({code}) that YAML does not allow",
     "ja": "YAML で使えない壊れた文字（サロゲートの片割れ {code}）があります"},
    # graph warnings
    {"en": "warning: {kind} '{x}' is not used by any node",
     "ja": "注意：{kind} '{x}' はどのノードにも使われていません"},
    {"en": "warning: {kind} '{x}' is used only by {names}, which the output does not use",
     "ja": "注意：{kind} '{x}' を使うのは {names} だけで、出力はそれらを使っていません"},
    {"en": "the output '{x}' does not depend on it (its gradient is 0)",
     "ja": "出力 '{x}' はこれに依存しません（勾配は 0）"},
    # values that cannot be computed
    {"en": "{id} cannot be computed ({why})", "ja": "{id} が計算できません（{why}）"},
    {"en": "float division by zero", "ja": "浮動小数点数の 0 での割り算"},
    {"en": "a float overflows", "ja": "浮動小数点数があふれます"},
    {"en": "use smaller inputs and fewer or smaller powers",
     "ja": "入力を小さくし、累乗を減らすか小さくしてください"},
    {"en": "keep the inputs, weights and learning rate small enough for every value to stay "
           "below about 1e300",
     "ja": "すべての値が約 1e300 未満に収まるよう、入力・重み・学習率を小さくしてください"},
    {"en": "the power of ten {n} is out of range (at most ±300)",
     "ja": "10 の累乗 {n} が範囲外です（±300 まで）"},
    # sheets, rosters, manifests
    {"en": "missing 'handcalc: 1' (the format version) at the top of the sheet",
     "ja": "解答用紙の先頭に 'handcalc: 1'（形式のバージョン）がありません"},
    {"en": "problem: {ref} contains a control character (a null byte, a line break …)",
     "ja": "problem: {ref} に制御文字（NUL 文字、改行など）が含まれています"},
    {"en": "write the plain path of the problem file", "ja": "問題ファイルのパスをそのまま書いてください"},
    {"en": "problem: should be the path of the problem file (relative to this sheet) or the "
           "problem itself",
     "ja": "problem: には問題ファイルのパス（この解答用紙からの相対パス）か、問題そのものを"
           "書いてください"},
    {"en": "problem: {ref} should be a path inside the manifest's folder, like S001/problem.yaml",
     "ja": "problem: {ref} は名簿ファイルのフォルダの中のパス（S001/problem.yaml など）に"
           "してください"},
    {"en": "id: should be the student's id from the class roster, like S001",
     "ja": "id: にはクラス名簿にある学生の id（S001 など）を書いてください"},
    {"en": "digest: should be 'sha256:' and 64 hex digits",
     "ja": "digest: は 'sha256:' と 16 進数 64 桁にしてください"},
    {"en": "the class manifest is empty; it needs 'handcalc: 1' and 'students:'",
     "ja": "クラスの一覧ファイルが空です。'handcalc: 1' と 'students:' が必要です"},
    {"en": "a class manifest should be a mapping of 'key: value' lines, like 'handcalc: 1'; "
           "found {found}",
     "ja": "クラスの一覧ファイルは 'handcalc: 1' のような 'key: value' の行のマッピングにして"
           "ください。{found} になっています"},
    {"en": "a student should be a mapping of 'key: value' lines, like 'id: S001'; found {found}",
     "ja": "学生の項目は 'id: S001' のような 'key: value' の行のマッピングにしてください。"
           "{found} になっています"},
    {"en": "a student without '{key}:'", "ja": "'{key}:' のない学生の項目があります"},
    {"en": "seed: should be a whole number ≥ 0", "ja": "seed: は 0 以上の整数にしてください"},
    {"en": "'students:' should be a list, one entry per student",
     "ja": "'students:' は学生ごとに1項目のリストにしてください"},
    {"en": "not UTF-8 text (byte {n})", "ja": "UTF-8 のテキストではありません（{n} バイト目）"},
    {"en": "save the roster as CSV UTF-8", "ja": "名簿を CSV UTF-8 で保存してください"},
    {"en": "the first line should be 'id,name'", "ja": "1行目は 'id,name' にしてください"},
    {"en": "the id {sid} cannot be a folder name", "ja": "id {sid} はフォルダ名にできません"},
    {"en": "use letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 "
           "characters",
     "ja": "英字・数字・'-'・'_'・'.' を使い、英字か数字で始め、64 文字以内にしてください"},
    {"en": "the id {sid} is a name Windows reserves for a device",
     "ja": "id {sid} は Windows がデバイス用に予約している名前です"},
    {"en": "the id {sid} ends with '.', which Windows drops from folder names",
     "ja": "id {sid} は '.' で終わっていますが、Windows はフォルダ名の末尾の '.' を落とします"},
    {"en": "choose another id", "ja": "別の id にしてください"},
    {"en": "each student needs their own id", "ja": "学生ごとに別々の id が必要です"},
    {"en": "the id is blank", "ja": "id が空です"},
    {"en": "every student needs an id", "ja": "どの学生にも id が必要です"},
    {"en": "the name of {sid} has a line break or control character",
     "ja": "{sid} の氏名に改行か制御文字が含まれています"},
    {"en": "a name is one line of text", "ja": "氏名は1行のテキストにしてください"},
    {"en": "the problem of {sid} ({path}) is not the one 'new --class' made: its content differs "
           "from the digest in the manifest",
     "ja": "{sid} の問題（{path}）は 'new --class' が作ったものではありません。"
           "内容が名簿ファイルのダイジェストと違います"},
    {"en": "restore it or make the class again", "ja": "元に戻すか、クラスを作り直してください"},
    # formula problems (a teacher's file)
    {"en": "{where} should be one of {choices}", "ja": "{where} は {choices} のどれかにしてください"},
    {"en": "one per layer after the input ({n}), each one of {choices}",
     "ja": "入力層より後の層ごとに1つ（{n} 個）、それぞれ {choices} のどれかにしてください"},
    {"en": "question '{key}': the answer {answer} gives {v} but the quantity is {w} ({case})",
     "ja": "問題 '{key}'：答え {answer} の値は {v} ですが、求める量は {w} です（{case}）"},
    {"en": "random case {n}, {rest}", "ja": "ランダムな場合 {n}、{rest}"},
    {"en": "check the answer or 'of:'", "ja": "answer か 'of:' を確かめてください"},
    {"en": "question '{key}': the answer cannot be evaluated: {why}",
     "ja": "問題 '{key}'：答えが評価できません：{why}"},
    {"en": "the formula takes too long to evaluate", "ja": "式の評価に時間がかかりすぎます"},
    {"en": "column {n}: expected ')' closing {x}", "ja": "{n} 列目：{x} を閉じる ')' がありません"},
    {"en": "{x} ({what} at character {n})", "ja": "{x}（{n} 文字目：{what}）"},
    {"en": "{where} should be text; found {found}",
     "ja": "{where} はテキストにしてください。{found} になっています"},
    {"en": "{where} should be text", "ja": "{where} はテキストにしてください"},
    # the top of a file
    {"en": "the problem should be a mapping of 'key: value' lines, like 'handcalc: 1'; found "
           "{found}",
     "ja": "問題は 'handcalc: 1' のような 'key: value' の行のマッピングにしてください。"
           "{found} になっています"},
    {"en": "a graph problem should be a mapping of 'key: value' lines, like 'handcalc: 1'; "
           "found {found}",
     "ja": "計算グラフの問題は 'handcalc: 1' のような 'key: value' の行のマッピングにしてください。"
           "{found} になっています"},
    {"en": "the answer sheet should be a mapping of 'key: value' lines, like 'handcalc: 1'; "
           "found {found}",
     "ja": "解答用紙は 'handcalc: 1' のような 'key: value' の行のマッピングにしてください。"
           "{found} になっています"},
    {"en": "the file is empty", "ja": "ファイルが空です"},
    {"en": "a problem starts with 'handcalc: 1', then gives input, target, layers, loss and "
           "learning_rate",
     "ja": "問題は 'handcalc: 1' で始め、input、target、layers、loss、learning_rate を書きます"},
    {"en": "missing 'handcalc: 1' (the format version)",
     "ja": "'handcalc: 1'（形式のバージョン）がありません"},
    {"en": "missing 'handcalc: 1' (the format version) at the top of the file",
     "ja": "ファイルの先頭に 'handcalc: 1'（形式のバージョン）がありません"},
    {"en": "add it as the first line", "ja": "1行目に追加してください"},
    {"en": "handcalc: should be {v}, the format version this program reads; found {found}",
     "ja": "handcalc: はこのプログラムが読む形式のバージョン {v} にしてください。"
           "{found} になっています"},
    {"en": "handcalc: should be {v} (the format version); found {found}",
     "ja": "handcalc: は形式のバージョン {v} にしてください。{found} になっています"},
    {"en": "unknown key '{key}' in {part}", "ja": "{part}に知らないキー '{key}' があります"},
    {"en": "unknown key '{key}'", "ja": "知らないキー '{key}' があります"},
    {"en": "did you mean '{word}'?", "ja": "'{word}' のことですか"},
    {"en": "did you mean '{word}'? ({choices})", "ja": "'{word}' のことですか（{choices}）"},
    {"en": "the keys are: {keys}", "ja": "キーは {keys} です"},
    {"en": "missing '{key}:'", "ja": "'{key}:' がありません"},
    {"en": "a problem needs input, target, layers, loss and learning_rate",
     "ja": "問題には input、target、layers、loss、learning_rate が必要です"},
    {"en": "{where} (layer {l}) is missing '{key}:'", "ja": "{where}（第{l}層）に '{key}:' がありません"},
    {"en": "each layer needs activation, W and b", "ja": "各層には activation、W、b が必要です"},
    {"en": "title should be one line of text", "ja": "title は1行のテキストにしてください"},
    {"en": "title should be one line of text; found {found}",
     "ja": "title は1行のテキストにしてください。{found} になっています"},
    {"en": "a kind of exercise", "ja": "演習の種類"},
    {"en": "kind: {x} is read by its own loader (exercise.from_node), not as a network",
     "ja": "kind: {x} はその種類の読み込み（exercise.from_node）で読みます。ネットワークとしては"
           "読めません"},
    # numbers and choices
    {"en": "{where} should be a number like 0.5 or 1/3; found {found} (not a finite number)",
     "ja": "{where} は 0.5 や 1/3 のような数にしてください。{found} になっています（有限の数ではありません）"},
    {"en": "{where} should be a number like 0.5 or 1/3; found {found} (ambiguous: write 1000 "
           "for the whole number, or 1.000 with a decimal point)",
     "ja": "{where} は 0.5 や 1/3 のような数にしてください。{found} はあいまいです（整数なら "
           "1000、小数なら 1.000 と書いてください）"},
    {"en": "{where} should be a number like 0.5 or 1/3; found {found}",
     "ja": "{where} は 0.5 や 1/3 のような数にしてください。{found} になっています"},
    {"en": "{where} should be positive (a step downhill, like 0.1); found {found}",
     "ja": "{where} は正の数（0.1 のような下り坂への一歩）にしてください。{found} になっています"},
    {"en": "{where} should be a whole number from {a} to {b}; found {found}",
     "ja": "{where} は {a} から {b} までの整数にしてください。{found} になっています"},
    {"en": "{where} should be between 0 and 1 (0 is the usual convention); found {found}",
     "ja": "{where} は 0 から 1 の間にしてください（ふつうは 0）。{found} になっています"},
    {"en": "{where}: '{word}' is not {what}", "ja": "{where}：'{word}' は{what}ではありません"},
    {"en": "an activation", "ja": "活性化関数"},
    {"en": "a loss", "ja": "損失関数"},
    {"en": "a notation", "ja": "記法"},
    {"en": "a quantity", "ja": "量"},
    {"en": "a way of writing keys (notation: the problem's own keys, canonical: ids like z1, "
           "delta2, dW1)",
     "ja": "キーの書き方（notation：問題の記法のキー、canonical：z1、delta2、dW1 のような id）"},
    {"en": "of: missing 'quantity', one of {choices}",
     "ja": "of に 'quantity'（{choices} のどれか）がありません"},
    {"en": "a layout", "ja": "レイアウト"},
    {"en": "a reduction", "ja": "集計方法"},
    {"en": "a parameter", "ja": "パラメータ"},
    {"en": "write one of: {choices}", "ja": "{choices} のどれかを書いてください"},
    {"en": "{where} is {v}, too large for a hand calculation",
     "ja": "{where} が {v} で、手計算には大きすぎます"},
    {"en": "keep numbers within ±1,000,000", "ja": "数は ±1,000,000 の範囲にしてください"},
    {"en": "{where} has {n} layers; at most {m} fit a hand calculation",
     "ja": "{where} の層が {n} 個あります。手計算に収まるのは {m} 層までです"},
    {"en": "{where} has {n} units; at most {m} fit a hand calculation",
     "ja": "{where} のユニットが {n} 個あります。手計算に収まるのは {m} 個までです"},
    {"en": "{where} has {n} samples; at most {m} fit a hand calculation",
     "ja": "{where} のサンプルが {n} 個あります。手計算に収まるのは {m} 個までです"},
    {"en": "{where} has {n} {rc}; layer {l} needs {m} {rc2}, one per {per} ({layout} layout: W "
           "is {shape}, since {why})",
     "ja": "{where} の{rc}が {n} 個ですが、第{l}層には{per}ごとに1つ、{m} 個の{rc2}が必要です"
           "（{layout}レイアウト：W は {shape}。{why}）"},
    {"en": "units × inputs = {shape}", "ja": "ユニット数 × 入力数 = {shape}"},
    {"en": "inputs × units = {shape}", "ja": "入力数 × ユニット数 = {shape}"},
    {"en": "b has {n} entries and the input has {m}", "ja": "b の要素が {n} 個で入力が {m} 個"},
    {"en": "b has {n} entries and layer {l} has {m} units",
     "ja": "b の要素が {n} 個で第{l}層のユニットが {m} 個"},
    {"en": "the input has {m} and b has {n} entries", "ja": "入力が {m} 個で b の要素が {n} 個"},
    {"en": "layer {l} has {m} units and b has {n} entries",
     "ja": "第{l}層のユニットが {m} 個で b の要素が {n} 個"},
    {"en": "this W looks transposed — write it {shape}, or set 'layout: {mode}' if the whole "
           "problem is written that way",
     "ja": "この W は転置されているようです。{shape} で書くか、問題全体がその書き方なら "
           "'layout: {mode}' としてください"},
    {"en": "{where} has {n} numbers, but layer {l} has {m} units by its W and by layer {l2}'s W",
     "ja": "{where} の数は {n} 個ですが、第{l}層のユニットは W からも第{l2}層の W からも {m} 個です"},
    {"en": "b needs {m} numbers, one per unit", "ja": "b にはユニットごとに1つ、{m} 個の数が必要です"},
    {"en": "{loss} needs a softmax (or sigmoid) output layer, so that log y is defined",
     "ja": "{loss} には log y が定義されるよう、出力層が softmax（または sigmoid）である必要があります"},
    {"en": "{loss} needs a sigmoid output layer (its outputs are probabilities)",
     "ja": "{loss} には出力層が sigmoid（出力が確率）である必要があります"},
    {"en": "layer {l} is {act} — set {where}: {new}, or use loss: {loss}",
     "ja": "第{l}層は {act} です。{where}: {new} とするか、loss: {loss} を使ってください"},
    {"en": "layer {l} is {act} — set {where}: {new} (or, to keep {act2}, use loss: {loss})",
     "ja": "第{l}層は {act} です。{where}: {new} とするか、{act2} のままなら loss: {loss} を"
           "使ってください"},
    {"en": "target value {v} is out of range: {loss} needs targets between 0 and 1 (like a "
           "one-hot [0, 1])",
     "ja": "target の値 {v} が範囲外です。{loss} の target は 0 から 1 の間にしてください"
           "（one-hot の [0, 1] など）"},
    {"en": "with softmax and cross_entropy each target must sum to 1 (a one-hot like [0, 1])",
     "ja": "softmax と cross_entropy では、各 target の和を 1 にしてください（one-hot の [0, 1] など）"},
    {"en": "the target sums to {v}", "ja": "target の和は {v} です"},
    {"en": "input mixes numbers and lists ({what})", "ja": "input に数とリストが混ざっています（{what}）"},
    {"en": "{n} list, {m} number", "ja": "リスト {n} 個、数 {m} 個"},
    {"en": "{n} lists, {m} numbers", "ja": "リスト {n} 個、数 {m} 個"},
    {"en": "write one sample as [1, 0.5] or a mini-batch as [[1, 0.5], [0, 1]]",
     "ja": "1サンプルなら [1, 0.5]、ミニバッチなら [[1, 0.5], [0, 1]] と書いてください"},
    {"en": "input should be a list of numbers (one sample, like [1, 0.5]) or a list of lists (a "
           "mini-batch, like [[1, 0.5], [0, 1]])",
     "ja": "input は数のリスト（1サンプル、[1, 0.5] など）かリストのリスト（ミニバッチ、"
           "[[1, 0.5], [0, 1]] など）にしてください"},
    {"en": "layers should be a list of layers, each with activation, W and b (a '- activation: "
           "…' line per layer)",
     "ja": "layers は層のリストにしてください。各層に activation、W、b を書きます（層ごとに "
           "'- activation: …' の行）"},
    {"en": "node '{n}' uses '{x}', which is defined later (line {line})",
     "ja": "ノード '{n}' が、後（{line} 行目）で定義される '{x}' を使っています"},
    {"en": "nodes go in order: move '{n}' below '{x}'",
     "ja": "ノードは順に並べます。'{n}' を '{x}' の下に移してください"},
    {"en": "'{x}' is both an input (line {line}) and a node",
     "ja": "'{x}' が入力（{line} 行目）とノードの両方にあります"},
    {"en": "give them different names", "ja": "別々の名前にしてください"},
    {"en": "output '{x}' is an input", "ja": "output '{x}' は入力です"},
    {"en": "the output should be a node (the last one here is '{n}')",
     "ja": "output にはノードを指定してください（ここでの最後のノードは '{n}'）"},
    {"en": "node '{n}': one operation per node: give {call} a name of its own on the line above "
           "and use that name here",
     "ja": "ノード '{n}'：1つのノードに演算は1つです。{call} に上の行で名前を付けて、"
           "ここではその名前を使ってください"},
    {"en": "node '{n}': '{x}' needs its arguments in parentheses, like mul(a, b)",
     "ja": "ノード '{n}'：'{x}' の引数は mul(a, b) のように括弧に入れてください"},
    {"en": "a node is an operation, not just a name",
     "ja": "ノードは演算で、名前だけでは作れません"},
    {"en": "node '{n}': the exponent of pow(x, k) should be a constant whole number like 2 or -1",
     "ja": "ノード '{n}'：pow(x, k) の指数は 2 や -1 のような定数の整数にしてください"},
    {"en": "node '{n}': the exponent of pow(x, k) should be a whole number from -10 to 10, not 0",
     "ja": "ノード '{n}'：pow(x, k) の指数は -10 から 10 までの 0 でない整数にしてください"},
    {"en": "node '{n}': {op} of constants only is a constant",
     "ja": "ノード '{n}'：定数だけの {op} は定数です"},
    {"en": "make it an input, or use a name as an argument",
     "ja": "入力にするか、引数に名前を使ってください"},
    {"en": "node '{n}' = {call} cannot be computed: {why}", "ja": "ノード '{n}' = {call} は計算できません：{why}"},
    {"en": "log needs a positive number", "ja": "log の引数は正の数でなければなりません"},
    {"en": "its argument is {v} here", "ja": "ここでの引数は {v} です"},
    {"en": "division by zero", "ja": "0 で割っています"},
    {"en": "1/x of 0 is a division by zero", "ja": "0 の 1/x は 0 での割り算です"},
    {"en": "{call} is too large for a float", "ja": "{call} は浮動小数点数には大きすぎます"},
    {"en": "'{x}' starts with 'd_', which handcalc keeps for gradients ({what})",
     "ja": "'{x}' は 'd_' で始まっていますが、d_ は handcalc が勾配に使う名前です（{what}）"},
    {"en": "{name} is ∂output/∂{x}", "ja": "{name} は ∂output/∂{x}"},
    {"en": "choose another name", "ja": "別の名前にしてください"},
    {"en": "'{x}' cannot name a node: use letters, digits and _, starting with a letter (like x1 "
           "or n_pencil)",
     "ja": "'{x}' はノードの名前にできません。英字で始め、英字・数字・_ を使ってください"
           "（x1 や n_pencil など）"},
    {"en": "nodes should be a mapping, one 'name: op(arguments)' per line, like 'q: add(x, y)'",
     "ja": "nodes はマッピングにしてください。1行に1つ 'name: op(arguments)'、たとえば "
           "'q: add(x, y)'"},
    {"en": "inputs should be a mapping of names to numbers, like {{x: -2, y: 5}}",
     "ja": "inputs は名前と数のマッピングにしてください（{{x: -2, y: 5}} など）"},
    {"en": "node '{n}': expected an operation like mul(a, b)",
     "ja": "ノード '{n}'：mul(a, b) のような演算を書いてください"},
    {"en": "node '{n}': unexpected '{x}' after the closing ')'",
     "ja": "ノード '{n}'：閉じ括弧 ')' の後に余分な '{x}' があります"},
    # the network
    {"en": "{where}: softmax is only for the output layer (layer {l})",
     "ja": "{where}：softmax は出力層（第{l}層）専用です"},
    {"en": "use relu, sigmoid or tanh in a hidden layer",
     "ja": "隠れ層には relu、sigmoid、tanh を使ってください"},
    {"en": "{where}: softmax over one unit is always 1, so nothing would be learnt",
     "ja": "{where}：1ユニットの softmax は常に 1 なので、何も学習されません"},
    {"en": "use sigmoid for one output, or give the layer two or more units",
     "ja": "出力が1つなら sigmoid を使うか、層のユニットを2つ以上にしてください"},
    {"en": "{where} should be a list of numbers like [0, 0], one number per unit; found {found}",
     "ja": "{where} は [0, 0] のような数のリスト（ユニットごとに1つ）にしてください。"
           "{found} になっています"},
    {"en": "{where} row {r} has {n} number but row 1 has {m}",
     "ja": "{where} の {r} 行目の数は {n} 個ですが、1行目は {m} 個です"},
    {"en": "{where} row {r} has {n} numbers but row 1 has {m}",
     "ja": "{where} の {r} 行目の数は {n} 個ですが、1行目は {m} 個です"},
    {"en": "every row needs the same length", "ja": "すべての行を同じ長さにしてください"},
    {"en": "target has {n} values", "ja": "target の値が {n} 個あります"},
    {"en": "the output layer (layer {l}) has {n} units, so it needs {m}, one per unit",
     "ja": "出力層（第{l}層）のユニットは {n} 個なので、ユニットごとに1つ、{m} 個必要です"},
    {"en": "target has {n} sample but input has {m}",
     "ja": "target のサンプルは {n} 個ですが、input は {m} 個です"},
    {"en": "target has {n} samples but input has {m}",
     "ja": "target のサンプルは {n} 個ですが、input は {m} 個です"},
    {"en": "give one target per sample, as a list of {n} lists",
     "ja": "サンプルごとに target を1つ、{n} 個のリストのリストとして書いてください"},
    # sheets
    {"en": "an answer sheet should be a mapping with 'handcalc: 1', 'problem:' and 'answers:'; "
           "found {found}",
     "ja": "解答用紙は 'handcalc: 1'、'problem:'、'answers:' を持つマッピングにしてください。"
           "{found} になっています"},
    {"en": "missing 'answers:' — the mapping of your answers, like 'z1: [0.2, 0.1]'",
     "ja": "'answers:'（'z1: [0.2, 0.1]' のような答えのマッピング）がありません"},
    {"en": "answers: should be a mapping of keys to numbers, like 'z1: [0.2, 0.1]'; found {found}",
     "ja": "answers: は 'z1: [0.2, 0.1]' のようなキーと数のマッピングにしてください。"
           "{found} になっています"},
    {"en": "is not a handcalc problem file (no 'handcalc: 1' at its top)",
     "ja": "handcalc の問題ファイルではありません（先頭に 'handcalc: 1' がありません）"},
    {"en": "problem {ref} cannot be used: {why}", "ja": "問題 {ref} は使えません：{why}"},
    {"en": "cannot be graded: {why}", "ja": "採点できません：{why}"},
    {"en": "missing 'problem:' — the problem file this sheet answers (a path relative to the "
           "sheet), or the problem itself",
     "ja": "'problem:'（この解答用紙が答える問題ファイルの、解答用紙からの相対パス、"
           "または問題そのもの）がありません"},
    {"en": "problem {ref} is outside this sheet's folder ({root})",
     "ja": "問題 {ref} はこの解答用紙のフォルダ（{root}）の外にあります"},
    {"en": "problem {ref} is outside the --root folder ({root})",
     "ja": "問題 {ref} は --root のフォルダ（{root}）の外にあります"},
    {"en": "a sheet may name only a problem file in that folder — give the problem with "
           "--problem FILE, or its folder with --root DIR",
     "ja": "解答用紙が指定できるのはそのフォルダの中の問題ファイルだけです。問題を "
           "--problem FILE で、またはそのフォルダを --root DIR で指定してください"},
    {"en": "'{key}' is not a key of this problem's notation ({notation}): the canonical id "
           "'{id}' is written '{mine}' here",
     "ja": "'{key}' はこの問題の記法（{notation}）のキーではありません。"
           "標準の id '{id}' はここでは '{mine}' と書きます"},
    {"en": "write '{mine}', or add 'keys: canonical' to the sheet",
     "ja": "'{mine}' と書くか、解答用紙に 'keys: canonical' を加えてください"},
    {"en": "'{key}' is this problem's own key for '{id}', but the sheet says 'keys: canonical'",
     "ja": "'{key}' はこの問題の記法での '{id}' のキーですが、解答用紙に 'keys: canonical' "
           "とあります"},
    {"en": "write '{id}', or remove 'keys: canonical'",
     "ja": "'{id}' と書くか、'keys: canonical' を消してください"},
    {"en": "'{key}' is not asked on an answer sheet", "ja": "'{key}' は解答用紙では問われていません"},
    {"en": "unknown answer key '{key}'", "ja": "知らない答えのキー '{key}' があります"},
    {"en": "'{key}' and '{other}' are the same answer", "ja": "'{key}' と '{other}' は同じ答えです"},
    {"en": "{key} should be {shape} like {w} ({layout} layout)",
     "ja": "{key} は {w} と同じ {shape} にしてください（{layout}レイアウト）"},
    {"en": "{key} should be {shape} (one row per sample, one per unit of layer {l})",
     "ja": "{key} は {shape} にしてください（1行に1サンプル、第{l}層のユニットごとに1つ）"},
    {"en": "{key} should be {shape} (one row per sample, one per unit)",
     "ja": "{key} は {shape} にしてください（1行に1サンプル、ユニットごとに1つ）"},
    {"en": "{key} should be {shape} (one per unit of layer {l})",
     "ja": "{key} は {shape} にしてください（第{l}層のユニットごとに1つ）"},
    {"en": "{key} should be {shape} (one per unit)",
     "ja": "{key} は {shape} にしてください（ユニットごとに1つ）"},
    {"en": "{key} should be {shape} (one per unit, like b)",
     "ja": "{key} は {shape} にしてください（b と同じくユニットごとに1つ）"},
    {"en": "{key} should be {shape}", "ja": "{key} は {shape} にしてください"},
    {"en": "one number", "ja": "数値1つ"},
    {"en": "a list of {n}", "ja": "{n} 個のリスト"},
    {"en": "you wrote {found}", "ja": "{found} が書かれています"},
    {"en": "you wrote {found} — transposed? (read back in place and marked 'transposed')",
     "ja": "{found} が書かれています。転置していませんか（元の位置に戻して読み、"
           "'transposed' と記録しました）"},
    {"en": "you wrote {found}, one row per sample — add the rows up over the mini-batch (read as "
           "their sum and marked 'bias_not_summed')",
     "ja": "{found} が1行に1サンプルで書かれています。ミニバッチについて行を足し合わせて"
           "ください（和として読み、'bias_not_summed' と記録しました）"},
    {"en": "a mapping", "ja": "マッピング"},
    {"en": "lists nested more than two deep", "ja": "3段以上入れ子になったリスト"},
    {"en": "rows of different lengths ({lengths})", "ja": "長さの違う行（{lengths}）"},
    {"en": "a list mixing numbers and lists", "ja": "数とリストが混ざったリスト"},
    # an answer that is not a number (numbers.py)
    {"en": "{what} at character {n} of {text}", "ja": "{text} の {n} 文字目：{what}"},
    {"en": "unknown word {x}", "ja": "知らない語 {x} があります"},
    {"en": "unexpected {x}", "ja": "ここに {x} は書けません"},
    {"en": "missing ')'", "ja": "')' がありません"},
    {"en": "a number is missing", "ja": "数がありません"},
    {"en": "a lone '.'", "ja": "'.' だけがあります"},
    {"en": "power out of range", "ja": "累乗が範囲外です"},
    {"en": "power of a negative number", "ja": "負の数の累乗です"},
    {"en": "the number is too large or too fine to work with",
     "ja": "数が大きすぎるか細かすぎて扱えません"},
    {"en": "{name} needs parentheses, like {call}", "ja": "{name} には {call} のように括弧が必要です"},
    {"en": "{call} is not defined", "ja": "{call} は定義されていません"},
    {"en": "{x} is not a number", "ja": "{x} は数ではありません"},
    {"en": "{x} is not a finite number", "ja": "{x} は有限の数ではありません"},
    {"en": "not a finite number", "ja": "有限の数ではありません"},
    {"en": "{x} is out of range", "ja": "{x} は範囲外です"},
    {"en": "empty", "ja": "空です"},
    {"en": "write one number or a fraction (like -0.25 or 3/20), not a calculation ({what})",
     "ja": "計算式でなく、数か分数を1つ書いてください（-0.25 や 3/20 など。{what}）"},
    {"en": "kept {path}: it holds answers (nothing overwrites a filled-in sheet)",
     "ja": "{path} は残しました：答えが書かれています（記入済みの解答用紙は上書きしません）"},
    # check.py
    {"en": "cannot be graded: it took more than {t} s", "ja": "採点できません：{t} 秒を超えました"},
    {"en": "is its problem very large?", "ja": "問題が大きすぎませんか"},
    {"en": "cannot be graded: its numbers cannot be computed ({why})",
     "ja": "採点できません：数値が計算できません（{why}）"},
    {"en": "check the problem it answers", "ja": "答えている問題を確かめてください"},
    {"en": "its id {sid} is not in {file}", "ja": "id {sid} が {file} にありません"},
    {"en": "it has no 'id:'", "ja": "'id:' がありません"},
    {"en": "a class's sheets say whose they are (the id in {file})",
     "ja": "クラスの答案には誰のものか（{file} の id）を書きます"},
    # graphs
    {"en": "node '{n}': unknown operation '{op}'", "ja": "ノード '{n}'：知らない演算 '{op}' です"},
    {"en": "the operations are: {ops}", "ja": "演算は {ops} です"},
    {"en": "node '{n}': {op} takes {k} arguments; found {m}",
     "ja": "ノード '{n}'：{op} の引数は {k} 個です。{m} 個になっています"},
    {"en": "node '{n}': {op} takes {k} argument; found {m}",
     "ja": "ノード '{n}'：{op} の引数は {k} 個です。{m} 個になっています"},
    {"en": "node '{n}': {op} takes 2 or more arguments; found {m}",
     "ja": "ノード '{n}'：{op} の引数は2個以上です。{m} 個になっています"},
    {"en": "node '{n}': unknown name '{x}'", "ja": "ノード '{n}'：知らない名前 '{x}' です"},
    {"en": "known here: {names}", "ja": "ここで使える名前は {names} です"},
    {"en": "node '{n}': cyclic reference {path}", "ja": "ノード '{n}'：{path} と循環しています"},
    {"en": "node '{n}' uses itself", "ja": "ノード '{n}' が自分自身を使っています"},
    {"en": "a computation graph has no loops", "ja": "計算グラフに閉路は作れません"},
    {"en": "node '{n}': expected ',' or ')'", "ja": "ノード '{n}'：',' か ')' が来るはずです"},
    {"en": "unknown word '{x}' at character {n} of '{text}'",
     "ja": "'{text}' の {n} 文字目に知らない語 '{x}' があります"},
    {"en": "node '{n}': missing ')'", "ja": "ノード '{n}'：')' がありません"},
    {"en": "node '{n}': add() has no arguments", "ja": "ノード '{n}'：add() に引数がありません"},
    {"en": "missing 'output:'", "ja": "'output:' がありません"},
    {"en": "a graph problem needs inputs, nodes and output",
     "ja": "計算グラフの問題には inputs、nodes、output が必要です"},
    {"en": "the problem is empty; it needs inputs, nodes and output",
     "ja": "問題が空です。inputs、nodes、output が必要です"},
    {"en": "output '{x}' is not a node", "ja": "output '{x}' はノードではありません"},
    {"en": "the nodes are: {names}", "ja": "ノードは {names} です"},
    {"en": "input '{x}' should be a number", "ja": "入力 '{x}' は数にしてください"},
    {"en": "found {found}", "ja": "{found} になっています"},
    # the command line (cli.py)
    {"en": "--lang should be ja or en; found {found}",
     "ja": "--lang は ja か en にしてください。{found} になっています"},
    {"en": "{option} should be table or md; found {found}",
     "ja": "{option} は table か md にしてください。{found} になっています"},
    {"en": "{option} should be one of {choices}; found {found}",
     "ja": "{option} は {choices} のどれかにしてください。{found} になっています"},
    {"en": "{option} should be network, graph or formula; found {found}",
     "ja": "{option} は network、graph、formula のどれかにしてください。{found} になっています"},
    {"en": "{option} should be md (Markdown with LaTeX math); found {found}",
     "ja": "{option} は md（LaTeX の数式つき Markdown）にしてください。{found} になっています"},
    {"en": "{option} should be 1 to 99; found {found}",
     "ja": "{option} は 1 から 99 までにしてください。{found} になっています"},
    {"en": "{option} should be a whole number ≥ 0; found {found}",
     "ja": "{option} は 0 以上の整数にしてください。{found} になっています"},
    {"en": "--svg: {what} has no drawing", "ja": "--svg：{what} には図がありません"},
    {"en": "{kinds} problems have one", "ja": "{kinds} の問題にはあります"},
    {"en": "{a} or {b} problems have one", "ja": "{a} か {b} の問題にはあります"},
    {"en": "this problem", "ja": "この問題"},
    {"en": "--json and --csv are two different outputs", "ja": "--json と --csv は別々の出力です"},
    {"en": "choose one", "ja": "どちらか1つにしてください"},
    {"en": "--root {path}: not a folder", "ja": "--root {path}：フォルダではありません"},
    {"en": "give the folder the sheets' problem files are in",
     "ja": "答案の問題ファイルがあるフォルダを指定してください"},
    {"en": "--class binds each sheet to its student's problem",
     "ja": "--class は各答案をその学生の問題に結び付けます"},
    {"en": "leave out --problem and --root", "ja": "--problem と --root は外してください"},
    {"en": "say what to write: --pdf FILE, --md DIR, or both",
     "ja": "書き出すものを指定してください：--pdf FILE、--md DIR、またはその両方"},
    {"en": "--choices adds questions to the Moodle quiz", "ja": "--choices は Moodle の小テストに問題を加えます"},
    {"en": "add --moodle", "ja": "--moodle を付けてください"},
    {"en": "--class makes one variant per student", "ja": "--class は学生1人に1問を作ります"},
    {"en": "leave out --count", "ja": "--count は外してください"},
    {"en": "--stats reports the generator", "ja": "--stats は問題生成の報告です"},
    {"en": "leave out --class", "ja": "--class は外してください"},
    {"en": "--kind {kind} takes {takes}", "ja": "--kind {kind} で使えるのは {takes} です"},
    {"en": "leave out --kind {kind}", "ja": "--kind {kind} は外してください"},
    {"en": "leave out {option}", "ja": "{option} は外してください"},
    {"en": "{kind} problems have one notation", "ja": "{kind} の問題の記法は1つだけです"},
    {"en": "{option} is for {kinds} problems", "ja": "{option} は {kinds} の問題用です"},
    {"en": "{option} is for {a} or {b} problems", "ja": "{option} は {a} か {b} の問題用です"},
    {"en": "{option} for {kind} problems should be one of {choices}; found {found}",
     "ja": "{kind} の問題の {option} は {choices} のどれかにしてください。{found} になっています"},
    {"en": "--moodle asks for numbers", "ja": "--moodle は数値を答える問題です"},
    {"en": "formula problems are graded with handcalc check",
     "ja": "式の問題は handcalc check で採点します"},
    {"en": "{path}: not a file", "ja": "{path}：ファイルではありません"},
    {"en": "give the roster, a CSV file with the columns id,name",
     "ja": "名簿（列 id,name の CSV ファイル）を指定してください"},
    {"en": "--class: {what}", "ja": "--class：{what}"},
    {"en": "--problem: {what}", "ja": "--problem：{what}"},
    # rosters and class manifests
    {"en": "the roster is empty", "ja": "名簿が空です"},
    {"en": "it needs a header line 'id,name' and a row per student",
     "ja": "見出し行 'id,name' と、学生ごとに1行が必要です"},
    {"en": "the roster has a header but no student", "ja": "名簿に見出しはありますが、学生がいません"},
    {"en": "add a row 'id,name' per student", "ja": "学生ごとに 'id,name' の行を加えてください"},
    {"en": "the header has no '{column}' column (found: {found})",
     "ja": "見出しに '{column}' の列がありません（あるのは {found}）"},
    {"en": "the id {sid} is already used on line {line}",
     "ja": "id {sid} は {line} 行目ですでに使われています"},
    {"en": "more than {n} students", "ja": "学生が {n} 人を超えています"},
    {"en": "split the class", "ja": "クラスを分けてください"},
    {"en": "'students:' is empty", "ja": "'students:' が空です"},
    {"en": "a student without '{key}:'", "ja": "'{key}:' のない学生がいます"},
    {"en": "{path} already exists", "ja": "{path} はすでにあります"},
    {"en": "use --force to overwrite it", "ja": "上書きするには --force を付けてください"},
    {"en": "wrote {files}", "ja": "{files} を書き出しました"},
]

def default_lang(environ: Mapping[str, str]) -> str:
    """'ja' when the locale says Japanese (LC_ALL, LC_MESSAGES, LANG of ``environ``, which the
    command passes: the environment is read at the edge), else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def title(exercise: Exercise, lang: str) -> str:
    """An exercise's title in ``lang``: its Japanese title (title: {en: …, ja: …}) or the one."""
    return (getattr(exercise, "title_ja", "") if lang == "ja" else "") or exercise.title


def tr(key: str, lang: str, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with {fields} filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


_PLACE = re.compile(r"^(?P<place>(?:[^\s:]|:(?!\s))+?(?::\d+){0,2}): (?=\S)")
# words a field may be, said in Japanese by name ('W has 2 rows; … one per unit')
_FIELD_WORDS = {"rows": "行", "columns": "列", "row": "行", "column": "列", "unit": "ユニット",
                "input": "入力", "node": "ノード"}
_SAID_BY_NAME = {"rc", "rc2", "per", "layout", "kind"}
# fields that are one word (an id, a number, a key): they never match across a space
_WORD_FIELDS = {"where", "option", "kind", "column", "n", "m", "l", "a", "b", "v", "key", "word", "x", "op", "k",
                "r", "byte", "code", "line", "col", "tag", "id", "mine", "other", "w",
                "sid", "notation"}
_CLAUSES: list[tuple[re.Pattern[str], str]] = []


def _clauses() -> list[tuple[re.Pattern[str], str]]:
    """Each message template as a pattern, longest first (so the most specific one wins)."""
    if not _CLAUSES:
        for entry in sorted(MESSAGES, key=lambda e: -len(e["en"])):
            parts = re.split(r"(\{\w+\})", entry["en"].replace("{{", "\0").replace("}}", "\1"))
            regex = "".join((f"(?P<{p[1:-1]}>\\S+?)" if p[1:-1] in _WORD_FIELDS else
                             f"(?P<{p[1:-1]}>[^()]+?)" if p[1:-1] == "context" else
                             f"(?P<{p[1:-1]}>(?:(?!; ).)+?)") if p.startswith("{") and p.endswith("}")
                            else re.escape(p.replace("\0", "{").replace("\1", "}"))
                            for p in parts)
            _CLAUSES.append((re.compile(regex + r"\Z", re.S), entry["ja"]))
    return _CLAUSES


def _say_clause(clause: str) -> str:
    for pattern, ja in _clauses():
        m = pattern.match(clause)
        if m:
            return ja.format(**{k: _FIELD_WORDS.get(v, v) if k in _SAID_BY_NAME
                                else _say_clause(v) for k, v in m.groupdict().items()})
    head, sep, rest = clause.partition(": ")  # 'where: message' — say the message
    if sep and rest:
        said = _say_clause(rest)
        if said != rest:
            return f"{head}: {said}"
    return clause


_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
# a space between two CJK characters; compiled on first use by re's cache (1.5 ms at import
# otherwise, on every command, for what only Japanese messages need)
_CJK_SPACE = f"(?<=[{_CJK}]) (?=[{_CJK}])"


def say(line: str, lang: str) -> str:
    """A message line (an error or a warning, 'file:line:col: what; fix') in ``lang``.

    The English is the source: in Japanese, the line is put into words by the templates of
    MESSAGES, the longest run of clauses ('; ' apart) a template matches first; a place
    (file:line:col) stays as it is, in front.  A clause no template matches stays English."""
    if lang != "ja" or not line:
        return line
    place = ""
    m = _PLACE.match(line)
    if m and ("/" in m["place"] or "." in m["place"] or m["place"][-1].isdigit()):
        place, line = m["place"] + ": ", line[m.end():]
    clauses, said = line.split("; "), []
    while clauses:
        for n in range(len(clauses), 0, -1):
            text = "; ".join(clauses[:n])
            out = _say_clause(text)
            if out != text or n == 1:
                said.append(out)
                del clauses[:n]
                break
    text = "。".join(s.rstrip("。.") for s in said)
    if text[-1:] not in "?？":
        text += "。" if re.search(f"[{_CJK}]", text) else ""
    return place + re.sub(_CJK_SPACE, "", text)
