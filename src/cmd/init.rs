//! `kijun init`: a commented sample profile, built from the catalog's profile schema so
//! every classification dimension and trait is present and explained.

use super::Env;
use crate::cli::{OutputArgs, ProfileFormat};
use crate::profile::schema::{ProfileSchema, TraitType};
use crate::{Outcome, Result};

pub(crate) fn execute(env: &Env, out: &OutputArgs) -> Result<Outcome> {
    let output = out.resolve(None, ProfileFormat::Toml, "profile", &[])?;
    let catalog = env.catalog()?;
    let text = sample_profile(&catalog.schema);
    output.write(
        text.as_bytes(),
        "プロファイルの見本",
        "（内容を調達するシステムに合わせて編集してください）",
    )?;
    Ok(Outcome::Success)
}

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str(if line.is_empty() { "#" } else { "# " });
        out.push_str(line);
        out.push('\n');
    }
}

/// The sample profile: valid as it stands, every key present and commented in Japanese.
pub(crate) fn sample_profile(schema: &ProfileSchema) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        "kijun プロファイル: 調達する情報システムの説明\n\
         kijun はこのファイルの格付けと特性から、適用するセキュリティ要件を選びます。\n\
         各項目の説明を読み、調達するシステムに合わせて値を書き換えてください。\n\
         文字コードは UTF-8 で保存してください。「#」から行末まではコメントです。",
    );
    out.push_str("\n[system]\n");
    comment(
        &mut out,
        "システム名。調達仕様書・特記事項・回答様式の見出しに使われます。",
    );
    out.push_str(&format!("name = {}\n", quote(&schema.sample.name)));
    comment(&mut out, "調達を行う府省庁・独立行政法人等の名称。");
    out.push_str(&format!(
        "organization = {}\n",
        quote(&schema.sample.organization)
    ));

    out.push_str("\n[classification]\n");
    comment(
        &mut out,
        "システムが取り扱う情報の格付け。取り扱う情報のうち最も高い格付けを指定します（必須）。",
    );
    for d in &schema.classifications {
        out.push('\n');
        comment(&mut out, &format!("{}（{}）: {}", d.label, d.key, d.help));
        for l in &d.levels {
            comment(&mut out, &format!("  {} … {}", l.value, l.meaning));
        }
        let sample = d
            .levels
            .iter()
            .find(|l| l.sample)
            .map_or(d.min(), |l| l.value);
        out.push_str(&format!("{} = {sample}\n", d.key));
    }

    out.push_str("\n[traits]\n");
    comment(
        &mut out,
        "要件の選定を左右するシステムの特性。省略した項目は既定値（false、一覧の最初の値、[]）として扱われます。\n\
         項目名を誤ると要件が漏れるため、表にない項目名はエラーになります。",
    );
    // Short forms first: the traits they set are written commented out below.
    let mut covered = Vec::new();
    for p in schema.presets.iter().filter(|p| !p.legacy) {
        out.push('\n');
        comment(&mut out, &format!("{}（{}）: {}", p.label, p.key, p.help));
        comment(&mut out, "  次のいずれか一つ:");
        for v in &p.values {
            comment(&mut out, &format!("  {} … {}", quote(&v.value), v.meaning));
        }
        let v = p.values.iter().find(|v| v.sample).or(p.values.first());
        out.push_str(&format!(
            "{} = {}\n",
            p.key,
            quote(v.map_or("", |v| v.value.as_str()))
        ));
        for key in p.values.iter().flat_map(|v| v.sets.keys()) {
            let members = v.and_then(|v| v.sets.get(key)).cloned().unwrap_or_default();
            covered.push((key.clone(), members));
        }
    }
    for t in &schema.traits {
        out.push('\n');
        comment(&mut out, &format!("{}（{}）: {}", t.label, t.key, t.help));
        let value = match t.kind {
            TraitType::Bool => {
                comment(&mut out, "  true または false。");
                t.sample.to_string()
            }
            TraitType::Choice => {
                comment(&mut out, "  次のいずれか一つ（上ほど範囲が狭い）:");
                for v in &t.values {
                    comment(&mut out, &format!("  {} … {}", quote(&v.value), v.meaning));
                }
                let v = t.values.iter().find(|v| v.sample).or(t.values.first());
                quote(v.map_or("", |v| v.value.as_str()))
            }
            TraitType::Set => {
                comment(
                    &mut out,
                    "  次の値から該当するものをすべて配列で（なければ []）:",
                );
                for v in &t.values {
                    comment(&mut out, &format!("  {} … {}", quote(&v.value), v.meaning));
                }
                let vals: Vec<String> = t
                    .values
                    .iter()
                    .filter(|v| v.sample)
                    .map(|v| quote(&v.value))
                    .collect();
                format!("[{}]", vals.join(", "))
            }
        };
        if let Some((_, members)) = covered.iter().find(|(k, _)| *k == t.key) {
            comment(
                &mut out,
                "  （上の項目で決まります。組合せが特殊な場合だけ、先頭の # を外して書きます。書いた値が優先します）",
            );
            let shown: Vec<String> = members.iter().map(|m| quote(m)).collect();
            out.push_str(&format!("# {} = [{}]\n", t.key, shown.join(", ")));
        } else {
            out.push_str(&format!("{} = {value}\n", t.key));
        }
    }
    if !schema.parameters.is_empty() {
        out.push_str("\n[parameters]\n");
        comment(
            &mut out,
            "要件の文に現れる期限・周期・長さなどの値。調達仕様書・特記事項・回答様式のすべてに同じ値が入ります。\n\
             書かなければ既定値を使います。既定値は kijun が示す目安であり、統一基準が定める値ではありません\n\
             （準拠基準対照表では「発注者判断」と表示されます）。変えるときは先頭の # を外して値を書きます。",
        );
        for p in &schema.parameters {
            out.push('\n');
            comment(
                &mut out,
                &format!("{}（{}）: {}", p.label, p.key, p.meaning),
            );
            comment(
                &mut out,
                &format!(
                    "  単位: {}。範囲: {}。既定値: {}",
                    p.unit,
                    p.range_text(),
                    p.show(p.default)
                ),
            );
            out.push_str(&format!("# {} = {}\n", p.key, p.default));
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}
