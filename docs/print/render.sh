#!/bin/sh
# 各文書の 1 ページ目を LibreOffice で印刷（PDF）し、PNG にしてこのフォルダに置く。
# 使い方: docs/print/render.sh   （リポジトリの最上位で。soffice と pdftoppm が必要）
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$root/Cargo.toml"
k="$root/target/debug/kijun"
p="$root/examples/typical.toml"
f="$root/tests/fixtures"
"$k" spec --profile "$p" -o "$work/spec.docx"
"$k" clauses --profile "$p" -o "$work/clauses.docx"
"$k" sheet --profile "$p" -o "$work/response.xlsx"
p01="$f/editions/0.1.0/typical.toml"   # the filled fixtures are 0.1.0 workbooks
"$k" verify --profile "$p01" "$f/filled-typical.xlsx" --format xlsx -o "$work/verify.xlsx" || true
"$k" compare --profile "$p01" "$f/filled-typical.xlsx" "$f/filled-typical.ods" --format xlsx -o "$work/compare.xlsx" || true
"$k" spec --profile "$p" --part duties --heading-level 2 -o "$work/spec-duties-level2.docx"
"$k" clauses --profile "$root/tests/fixtures/profiles/my-number-iaas.toml" -o "$work/clauses-my-number.docx"
"$k" review --profile "$p01" "$f/reviewed-typical.xlsx" --inquiry "$work/inquiry.docx" --date 2025-04-01 >/dev/null
soffice "-env:UserInstallation=file://$work/lo-profile" --headless --convert-to pdf --outdir "$work" \
  "$work"/*.docx "$work"/*.xlsx >/dev/null
for d in spec clauses response verify compare inquiry spec-duties-level2 clauses-my-number; do
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/$d.pdf" "$here/$d"
done
# 回答様式は 1 ページ目が記入要領なので、回答の表（2 ページ目）も置く。
pdftoppm -png -r 60 -f 2 -l 2 -singlefile "$work/response.pdf" "$here/response-answers"
