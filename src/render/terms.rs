//! The vocabulary of the 特記事項 and its lint: the terms 第1条 defines, the variants a
//! contract must not use beside them (この契約 beside 本契約), and obligations that
//! must be stated in one place only. A legal reviewer reads a contract for exactly
//! these: an undefined term, two words for one thing, one duty under two conditions.
//!
//! `tests/documents.rs` runs [`lint`] on the clauses of every example profile and
//! `kijun catalog lint` on the clauses of the whole catalog, so a catalog or template
//! edit that breaks the vocabulary fails `cargo test`.

use std::collections::{BTreeMap, BTreeSet};

use super::ClausesDocument;

/// The terms 第1条 defines. A term the text uses must be defined there.
pub(crate) const DEFINED_TERMS: [&str; 18] = [
    "本契約",
    "本業務",
    "情報",
    "本仕様書",
    "要機密情報",
    "機密性3の情報",
    "情報セキュリティインシデント",
    "従事者",
    "再委託先",
    "作業場所",
    "貸与物",
    "連絡窓口",
    "個人情報",
    "特定個人情報",
    "管理区域",
    "取扱区域",
    "クラウドサービス",
    "クラウドサービス事業者",
];

/// Words a contract must not use without a definition, with what to write instead:
/// they name a party or a place the 特記事項 does not define.
pub(crate) const UNDEFINED_WORDS: [(&str, &str, &[&str]); 4] = [
    ("委託先", "受注者（又は再委託先）", &["再委託先"]),
    ("共有サービス", "具体的なサービスの種類（ファイル共有サービス等）又は「受注者及び再委託先が本業務に用いる情報システム」", &[]),
    ("サーバ室", "「発注者の庁舎のサーバ室」のように誰の場所かを示す語句、又は作業場所", &["発注者の庁舎のサーバ室", "甲の庁舎のサーバ室"]),
    ("庁舎", "「発注者の庁舎」", &["発注者の庁舎", "甲の庁舎"]),
];

/// Recipients a clause may send a report to without a definition: the parties, the
/// 連絡窓口, and bodies a law names.
const RECIPIENTS: [&str; 8] = [
    "発注者",
    "甲",
    "連絡窓口",
    "個人情報保護委員会",
    "関係機関",
    "本人",
    "利用者",
    "再委託先",
];

/// Words that end a time phrase, not a recipient (「1時間以内に報告」).
const NOT_RECIPIENTS: [&str; 7] = ["以内", "以前", "前", "後", "中", "時", "内"];

/// A word that says the same as a defined term in other words.
pub(crate) struct Variant {
    pub(crate) word: &'static str,
    /// The term to write instead.
    pub(crate) term: &'static str,
    /// Longer words that contain `word` and are right (「要機密情報」 contains 機密情報).
    pub(crate) allowed_in: &'static [&'static str],
}

pub(crate) const VARIANTS: [Variant; 10] = [
    Variant {
        word: "この契約",
        term: "本契約",
        allowed_in: &[],
    },
    Variant {
        word: "当該契約",
        term: "本契約",
        allowed_in: &[],
    },
    Variant {
        word: "本特記事項",
        term: "この特記事項",
        allowed_in: &[],
    },
    Variant {
        word: "仕様書",
        term: "本仕様書",
        allowed_in: &["本仕様書", "調達仕様書"],
    },
    Variant {
        word: "機密情報",
        term: "要機密情報",
        allowed_in: &["要機密情報"],
    },
    Variant {
        word: "秘密情報",
        term: "要機密情報",
        allowed_in: &[],
    },
    Variant {
        word: "機密性３",
        term: "機密性3",
        allowed_in: &[],
    },
    Variant {
        word: "インシデント",
        term: "情報セキュリティインシデント",
        allowed_in: &["情報セキュリティインシデント"],
    },
    Variant {
        word: "セキュリティ事故",
        term: "情報セキュリティインシデント",
        allowed_in: &[],
    },
    Variant {
        word: "作業従事者",
        term: "従事者",
        allowed_in: &[],
    },
];

/// What a 項 obliges, by keyword: the acts a contract governs (not 報告・提出, which
/// nearly every 項 asks for). Two 項 in different articles with the same set of two
/// or more state one duty twice.
const OBLIGATION_KEYWORDS: [&str; 19] = [
    "解除",
    "賠償",
    "是正",
    "返却",
    "抹消",
    "削除",
    "監査",
    "立入",
    "再委託",
    "教育",
    "誓約",
    "持ち出",
    "複製",
    "暗号化",
    "訓練",
    "診断",
    "検査",
    "名簿",
    "引き継",
];

/// Remedies a contract states once, with their wording: the last article (違反時の
///措置) is their place, and a 項 elsewhere stating one of them again (on other
/// conditions) contradicts it.
const REMEDIES: [(&str, &[&str]); 3] = [
    ("契約の解除", &["解除することができる", "解除できる"]),
    (
        "損害の賠償",
        &["損害を賠償", "損害の賠償", "賠償しなければならない"],
    ),
    ("是正の要求", &["是正を求める", "是正を求めることができる"]),
];

/// The variants in `text`: (variant, term to use instead), each once.
pub(crate) fn variants_in(text: &str) -> Vec<(&'static str, &'static str)> {
    VARIANTS
        .iter()
        .filter(|v| {
            let mut rest = text.to_string();
            for ok in v.allowed_in {
                rest = rest.replace(ok, "\u{3000}");
            }
            rest.contains(v.word)
        })
        .map(|v| (v.word, v.term))
        .collect()
}

/// The text with its definitions (「X」とは … and （以下「X」という。）) cut out, so
/// what remains is where terms are used.
fn without_definitions(text: &str) -> String {
    let mut out = text.to_string();
    for t in DEFINED_TERMS {
        out = out.replace(&format!("（以下「{t}」という。）"), "");
        out = out.replace(&format!("「{t}」とは"), "");
    }
    out
}

fn is_defined(first_article: &str, term: &str) -> bool {
    first_article.contains(&format!("「{term}」とは"))
        || first_article.contains(&format!("（以下「{term}」という。）"))
}

fn keywords(text: &str) -> BTreeSet<&'static str> {
    OBLIGATION_KEYWORDS
        .iter()
        .copied()
        .filter(|k| text.contains(k))
        .collect()
}

/// One problem of a 特記事項.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseIssue {
    pub kind: IssueKind,
    /// The requirement whose clause has it, where it is one clause's.
    pub(crate) requirement: Option<String>,
    /// A Japanese sentence naming the article and 項.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// A term used without a definition in 第1条, or a word that needs one.
    Undefined,
    /// 「おそれ」 added to a term whose definition already includes the suspicion.
    Doubled,
    /// A report sent to a body that is neither a party nor defined.
    Recipient,
    /// A term defined in 第1条 and not used.
    Unused,
    /// Another word for a defined term.
    Variant,
    /// One duty stated in two articles.
    Duplicate,
}

impl std::fmt::Display for ClauseIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Problems of a 特記事項 a legal reviewer would mark.
pub fn lint(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = terms_defined_and_used(doc);
    out.extend(undefined_words(doc));
    out.extend(doubled_suspicion(doc));
    out.extend(recipients(doc));
    out.extend(variants(doc));
    out.extend(duplicate_duties(doc));
    out.extend(remedies_in_one_place(doc));
    out
}

fn issue(kind: IssueKind, requirement: &str, message: String) -> ClauseIssue {
    ClauseIssue {
        kind,
        requirement: (!requirement.is_empty()).then(|| requirement.to_string()),
        message,
    }
}

/// Where a paragraph stands, as a reader cites it: 「第3条第2項（LOG-01）」.
fn place(a: &super::Article, p: &super::Paragraph) -> String {
    let id = if p.id.is_empty() {
        String::new()
    } else {
        format!("（{}）", p.id)
    };
    format!("{}第{}項{id}", a.label, p.number)
}

/// Terms used and defined in 第1条; a definition does not use its own term.
fn terms_defined_and_used(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = Vec::new();
    let definitions: String = doc
        .articles
        .iter()
        .filter(|a| a.kind == "purpose")
        .flat_map(|a| a.paragraphs.iter().map(|p| p.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let paragraphs: Vec<&str> = doc
        .articles
        .iter()
        .flat_map(|a| a.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    for term in DEFINED_TERMS {
        let used = paragraphs
            .iter()
            .any(|p| !is_defined(p, term) && without_definitions(p).contains(term));
        let defined = is_defined(&definitions, term);
        if used && !defined {
            out.push(issue(
                IssueKind::Undefined,
                "",
                format!("用語「{term}」が使われていますが、第1条で定義されていません"),
            ));
        }
        if defined && !used {
            out.push(issue(
                IssueKind::Unused,
                "",
                format!(
                    "第1条で用語「{term}」を定義していますが、特記事項のどこでも使われていません"
                ),
            ));
        }
    }
    out
}

/// Words that name a party or place the 特記事項 does not define.
fn undefined_words(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = Vec::new();
    for a in &doc.articles {
        for p in &a.paragraphs {
            for (word, instead, allowed_in) in UNDEFINED_WORDS {
                let mut rest = p.text.clone();
                for ok in allowed_in {
                    rest = rest.replace(ok, "\u{3000}");
                }
                if rest.contains(word) {
                    out.push(issue(
                        IssueKind::Undefined,
                        &p.id,
                        format!(
                            "{}に「{word}」とありますが、特記事項で定義されていません。{instead}と書いてください",
                            place(a, p)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// 「情報セキュリティインシデント…おそれ」: the definition already includes the
/// suspicion, so 「又はそのおそれ」 doubles it.
fn doubled_suspicion(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = Vec::new();
    for a in doc.articles.iter().filter(|a| a.kind != "purpose") {
        for p in &a.paragraphs {
            // 「情報セキュリティインシデントが発生し、又はそのおそれ…」: the suspicion
            // attached to the term itself (a 「おそれ」 of another event may stand).
            let doubled = p
                .text
                .match_indices("情報セキュリティインシデント")
                .any(|(i, t)| {
                    p.text[i + t.len()..]
                        .chars()
                        .take(20)
                        .collect::<String>()
                        .contains("おそれ")
                });
            if doubled {
                out.push(issue(
                    IssueKind::Doubled,
                    &p.id,
                    format!(
                        "{}の「おそれ」は不要です。情報セキュリティインシデントの定義が、それが生じた疑いのある事象を含んでいます",
                        place(a, p)
                    ),
                ));
            }
        }
    }
    out
}

/// Reports and notices go to a party, the 連絡窓口, or a body a law names; a new body
/// (〇〇省CSIRT) must be reached through the 発注者 or defined in 第1条.
fn recipients(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    // The noun right before に／へ: kanji, katakana and Latin letters (a phrase in
    // hiragana, such as 「期限までに」, is not a recipient); the verb as a verb (「連絡窓口」
    // is not 「連絡」).
    let pattern = regex::Regex::new(
        r"([\p{Han}\p{Katakana}ーA-Za-zＡ-Ｚａ-ｚ]+)(?:に|へ)(?:の)?(?:(?:報告|連絡|通知|提出)(?:し|す|さ|を|及|又|、|。)|届け出)",
    )
    .expect("static regex"); // ok: literal pattern
    let mut out = Vec::new();
    for a in doc.articles.iter().filter(|a| a.kind != "purpose") {
        for p in &a.paragraphs {
            for c in pattern.captures_iter(&p.text) {
                let who = c.get(1).map_or("", |m| m.as_str());
                if NOT_RECIPIENTS.iter().any(|w| who.ends_with(w)) {
                    continue;
                }
                let known = RECIPIENTS
                    .iter()
                    .chain(DEFINED_TERMS.iter())
                    .chain([doc.parties.client.as_str(), doc.parties.contractor.as_str()].iter())
                    .any(|r| who.ends_with(r));
                if !known {
                    out.push(issue(
                        IssueKind::Recipient,
                        &p.id,
                        format!(
                            "{}の報告先「{who}」は特記事項の当事者でも定義された用語でもありません。「発注者（連絡窓口）」への報告とし、その先の連絡は発注者が行うように書くか、第1条で定義してください",
                            place(a, p)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// One word for one thing.
fn variants(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = Vec::new();
    for a in &doc.articles {
        for p in &a.paragraphs {
            for (word, term) in variants_in(&p.text) {
                out.push(issue(
                    IssueKind::Variant,
                    &p.id,
                    format!(
                        "{}に「{word}」とあります。「{term}」に統一してください",
                        place(a, p)
                    ),
                ));
            }
        }
    }
    out
}

/// One duty in one place.
fn duplicate_duties(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = Vec::new();
    let mut by_set: BTreeMap<BTreeSet<&str>, (usize, String)> = BTreeMap::new();
    for (i, a) in doc.articles.iter().enumerate() {
        for p in &a.paragraphs {
            let set = keywords(&p.text);
            if set.len() < 2 {
                continue;
            }
            match by_set.get(&set) {
                Some((j, first)) if *j != i => out.push(issue(
                    IssueKind::Duplicate,
                    &p.id,
                    format!(
                        "{}と{first}が同じ義務（{}）を定めています。一か所にまとめてください",
                        place(a, p),
                        set.iter().copied().collect::<Vec<_>>().join("・")
                    ),
                )),
                Some(_) => {}
                None => {
                    by_set.insert(set, (i, place(a, p)));
                }
            }
        }
    }
    out
}

/// A remedy (契約の解除, 損害の賠償, 是正の要求) stated only by the article on breaches.
fn remedies_in_one_place(doc: &ClausesDocument) -> Vec<ClauseIssue> {
    let mut out = Vec::new();
    for (remedy, words) in REMEDIES {
        let places: Vec<(usize, String, &str)> = doc
            .articles
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                a.paragraphs
                    .iter()
                    .filter(|p| words.iter().any(|w| p.text.contains(w)))
                    .map(move |p| (i, place(a, p), p.id.as_str()))
            })
            .collect();
        let articles: BTreeSet<usize> = places.iter().map(|(i, _, _)| *i).collect();
        if articles.len() > 1 {
            let names: Vec<&str> = places.iter().map(|(_, p, _)| p.as_str()).collect();
            let id = places
                .iter()
                .map(|(_, _, id)| *id)
                .find(|id| !id.is_empty());
            out.push(issue(
                IssueKind::Duplicate,
                id.unwrap_or(""),
                format!(
                    "{remedy}を複数の条で定めています（{}）。違反時の措置の条だけで定めてください",
                    names.join("、")
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_found_outside_the_words_that_contain_them() {
        assert_eq!(
            variants_in("この契約が終了したとき"),
            [("この契約", "本契約")]
        );
        assert!(variants_in("要機密情報を本仕様書と調達仕様書に従い").is_empty());
        assert_eq!(variants_in("機密情報を"), [("機密情報", "要機密情報")]);
        assert_eq!(
            variants_in("情報セキュリティインシデント又はインシデント"),
            [("インシデント", "情報セキュリティインシデント")]
        );
    }

    #[test]
    fn definitions_do_not_count_as_use() {
        let t =
            without_definitions("この特記事項において「従事者」とは、本業務に従事する者をいう。");
        assert!(!t.contains("「従事者」"));
        assert!(t.contains("本業務"));
    }
}
