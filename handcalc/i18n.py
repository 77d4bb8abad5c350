"""Words shown to users, in Japanese and English.  One table; ``tr(key, lang)`` looks up."""

from __future__ import annotations

import os

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
                         "ja": "小数は{d}桁で表示、割り切れる値は正確に表示"},
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
              "--problem FILE で先生の問題に対して採点できます。"},
    "check.no_error": {"en": "No error in what you wrote; {n} element(s) still blank.",
                       "ja": "書いた答えに誤りはありません（未記入は {n} 個）。"},
    "check.first_error": {"en": "First error: {symbol}  ({id})", "ja": "最初の誤り：{symbol}（{id}）"},
    "check.answer_line": {"en": "your answer {answer}, expected {expected}",
                          "ja": "あなたの答え {answer}、正解 {expected}"},
    "check.formula": {"en": "formula", "ja": "式"},
    "check.numbers": {"en": "your numbers put in", "ja": "あなたの値を代入"},
    "check.mistake": {"en": "named mistake", "ja": "よくある誤り"},
    "check.right_formula": {"en": "right formula", "ja": "正しい式"},
    "check.tie": {"en": "These mistakes give the same numbers here; one of them was made:",
                  "ja": "ここではどちらの誤りでも同じ数になります（いずれか）："},
    "mistake.one_of": {"en": "one of: {names}", "ja": "いずれか：{names}"},
    "check.from_yours": {"en": "Your number is what this mistake gives from your own earlier "
                                "answers.",
                         "ja": "あなたのこれまでの答えからこの誤りで計算した値と一致します。"},
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
    "class.mistakes": {"en": "Most common named mistakes", "ja": "多かったよくある誤り"},
    "class.code": {"en": "code", "ja": "コード"},
    "class.mistake": {"en": "mistake", "ja": "誤り"},
    "class.count": {"en": "sheets", "ja": "答案数"},
    "class.where": {"en": "where", "ja": "場所"},
    "html.title": {"en": "handcalc — class report", "ja": "handcalc — クラスの採点結果"},
    "html.heatmap": {"en": "Students × steps (the colour is the worst verdict in the step)",
                     "ja": "学生 × ステップ（色はそのステップで最も悪い判定）"},
    "html.unusable": {"en": "could not be graded (see the terminal or --json)",
                      "ja": "採点できませんでした（端末の表示か --json を参照）"},
    "html.total": {"en": "{ok} of {n} sheets all right.", "ja": "{n} 枚中 {ok} 枚が全問正解。"},
    "class.none": {"en": "No named mistake in any sheet.", "ja": "よくある誤りは見つかりませんでした。"},
    "class.total": {"en": "{ok} of {n} sheets all right; {bad} could not be graded; mean score "
                          "{mean}%.",
                    "ja": "{n} 枚中 {ok} 枚が全問正解、採点できなかった答案は {bad} 枚、平均 {mean}%。"},
    "class.help_first": {"en": "Who needs help first", "ja": "先に手助けが必要な学生"},
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
                      "ja": "出力についての損失の勾配"},
    "meaning.delta": {"en": "δ of layer {l}: ∂L/∂(pre-activation)",
                      "ja": "第{l}層の δ（活性化前の値についての勾配）"},
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
    "ARGUMENTS_PANEL_TITLE": "引数",
    "OPTIONS_PANEL_TITLE": "オプション",
    "COMMANDS_PANEL_TITLE": "コマンド",
    "ERRORS_PANEL_TITLE": "エラー",
    "REQUIRED_LONG_STRING": "[必須]",
    "DEFAULT_STRING": "[既定値: {}]",
    "Show this message and exit.": "このヘルプを表示して終了する。",
}

def default_lang() -> str:
    """'ja' when the locale says Japanese (LC_ALL, LC_MESSAGES, LANG), else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def tr(key: str, lang: str, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with {fields} filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text
