#!/usr/bin/env bash
# Seed corpora for the fuzz targets from kijun's own outputs and the example profiles.
# Run from the project root: fuzz/seed.sh
set -euo pipefail
cargo build -q --release
K=target/release/kijun
C=fuzz/corpus
mkdir -p $C/workbook_ingest $C/workbook_parts $C/profile_parse $C/catalog_parse $C/answer_normalize $C/condition_parse
for p in minimal typical maximal; do
  $K sheet --force --profile examples/$p.toml -o $C/workbook_ingest/$p.xlsx 2>/dev/null
  cp examples/$p.toml $C/profile_parse/$p.toml
done
printf '項番,要件ID,回答\n1,OUT-01,○\n' > $C/workbook_ingest/small.csv
if command -v soffice >/dev/null; then
  (cd $C/workbook_ingest && soffice --headless --convert-to ods typical.xlsx >/dev/null 2>&1 && soffice --headless --convert-to xls minimal.xlsx >/dev/null 2>&1) || true
fi
for f in catalog/[0-9]*.toml; do cp "$f" $C/catalog_parse/; done
# workbook_parts: a part-selector byte, then the part (see the target); the shared strings
# also as the two files that once got past the count check (a comment, 5,000 spaces
# before the real <sst>), and with a BOM, a processing instruction, a DOCTYPE, UTF-16.
python3 - "$C/workbook_ingest/minimal.xlsx" "$C/workbook_parts" <<'PY'
import re, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(src)
parts = ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
         "xl/styles.xml", "_rels/.rels", "[Content_Types].xml", "xl/worksheets/sheet2.xml"]
def seed(name, i, content):
    open(f"{out}/{name}", "wb").write(bytes([i]) + content)
for i, p in enumerate(parts):
    seed(f"part{i}", i, z.read(p))
sst = z.read("xl/sharedStrings.xml").decode()
huge = re.sub(r'uniqueCount="\d+"', 'uniqueCount="4000000000"', sst, count=1)
seed("sst-comment", 0, huge.replace("<sst ", '<!-- <sst uniqueCount="1"> --><sst ', 1).encode())
seed("sst-spaces", 0, huge.replace("<sst ", " " * 5000 + "<sst ", 1).encode())
seed("sst-bom-pi-doctype", 0, ("\ufeff" + huge.replace("<sst ", '<?pi x?><!DOCTYPE sst [<!ENTITY a "b">]><sst ', 1)).encode())
seed("sst-utf16", 0, ("\ufeff" + huge).encode("utf-16-le"))
seed("sst-empty-element", 0, b'<x:sst uniqueCount="000000000004000000000"/>')
PY
i=0
for w in ○ △ × － 対応 一部対応 非対応 該当なし 別紙参照 "対応します。詳細は別紙" "ｏｕｔ－０３" "N/A"; do
  printf '%s' "$w" > $C/answer_normalize/$i; i=$((i+1))
done
i=0
grep -h '^when = ' catalog/*.toml | sed 's/^when = "//; s/"$//; s/\\"/"/g' | sort -u | while read -r line; do
  printf '%s' "$line" > $C/condition_parse/$i; i=$((i+1))
done
echo "seeded $(find $C -type f | wc -l) inputs"
