"""Words shown to users, in Japanese and English.  One table; ``tr(key, lang)`` looks up."""

from __future__ import annotations

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
        "ja": "{pair}：出力層の δ は ({y} − {t}){n} に簡単になる（∂L/∂{y} · h′ の連鎖律と同じ値）。"},
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
                       "ja": "書いた答えに誤りはありません（空欄が {n} 個）。"},
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
    "class.right": {"en": "all right", "ja": "全問正解"},
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
                    "ja": "{n} 枚中 {ok} 枚が全問正解、採点できなかった答案 {bad} 枚、平均 {mean}%。"},
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
    "shape.number": {"en": "one number", "ja": "数1つ"},
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
}


def default_lang(environ: Mapping[str, str]) -> str:
    """'ja' when the locale says Japanese (LC_ALL, LC_MESSAGES, LANG of ``environ``, which the
    command passes: the environment is read at the edge), else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def tr(key: str, lang: str, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with {fields} filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text
