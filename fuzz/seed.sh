#!/usr/bin/env bash
# Seed corpora for the fuzz targets from kijun's own outputs and the example profiles.
# Run from the project root: fuzz/seed.sh
set -euo pipefail
cargo build -q --release
K=target/release/kijun
C=fuzz/corpus
mkdir -p $C/workbook_ingest $C/profile_parse $C/catalog_parse $C/answer_normalize $C/condition_parse
for p in minimal typical maximal; do
  $K sheet --force --profile examples/$p.toml -o $C/workbook_ingest/$p.xlsx 2>/dev/null
  cp examples/$p.toml $C/profile_parse/$p.toml
done
printf '項番,要件ID,回答\n1,OUT-01,○\n' > $C/workbook_ingest/small.csv
if command -v soffice >/dev/null; then
  (cd $C/workbook_ingest && soffice --headless --convert-to ods typical.xlsx >/dev/null 2>&1 && soffice --headless --convert-to xls minimal.xlsx >/dev/null 2>&1) || true
fi
for f in catalog/[0-9]*.toml; do cp "$f" $C/catalog_parse/; done
i=0
for w in ○ △ × － 対応 一部対応 非対応 該当なし 別紙参照 "対応します。詳細は別紙" "ｏｕｔ－０３" "N/A"; do
  printf '%s' "$w" > $C/answer_normalize/$i; i=$((i+1))
done
i=0
grep -h '^when = ' catalog/*.toml | sed 's/^when = "//; s/"$//; s/\\"/"/g' | sort -u | while read -r line; do
  printf '%s' "$line" > $C/condition_parse/$i; i=$((i+1))
done
echo "seeded $(find $C -type f | wc -l) inputs"
