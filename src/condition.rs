//! Conditions: the small expression language a requirement's `when` is written in.
//!
//! ```text
//! confidentiality >= 2 && cloud != "none"
//! "development" in outsourcing || internet_facing
//! !(cloud in ["none", "saas"])
//! ```
//!
//! Grammar: `||` over `&&` over `!` over comparisons and parentheses. A comparison is
//! `level OP integer` (OP one of == != >= <= > <) for a classification dimension,
//! `trait` (or `trait == true|false`) for a bool trait, `trait == "v"`, `!=`, `in [...]`,
//! `not in [...]` for a choice trait, and `"v" in trait` / `"v" not in trait` for a set
//! trait. Names and values are resolved against the profile schema when the catalog
//! loads, so a typo is an error then, not a silently missing requirement.
//!
//! Hand-written rather than a general expression crate: the language is tiny, and we need
//! what such crates do not give: type checking against the schema before any profile
//! exists, and an evaluation that says *why* (reason phrases from the atoms that decided).

use crate::profile::schema::{Dimension, ProfileSchema, TraitDef, TraitType};
use crate::profile::{Profile, Value};

mod ast;
mod error;
mod lexer;

pub(crate) use ast::{Atom, CmpOp, Expr};
pub(crate) use error::ConditionError;
use lexer::{tokenize, Tok, Token};

/// A parsed and checked condition, with its source text.
#[derive(Debug, Clone)]
pub struct Condition {
    pub(crate) text: String,
    pub(crate) expr: Expr,
}

/// The result of evaluating a condition: whether it holds, and why, in Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub(crate) holds: bool,
    pub(crate) reasons: Vec<String>,
}

impl Condition {
    pub fn parse(text: &str, schema: &ProfileSchema) -> Result<Condition, ConditionError> {
        let tokens = tokenize(text)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            schema,
            end: text.chars().count() + 1,
            depth: 0,
        };
        let expr = p.or()?;
        if let Some(t) = p.tokens.get(p.pos) {
            return Err(p.error_at(
                t.col,
                format!("「{}」の前に && か || が必要です", t.tok.show()),
            ));
        }
        Ok(Condition {
            text: text.trim().to_string(),
            expr,
        })
    }

    pub fn eval(&self, profile: &Profile, schema: &ProfileSchema) -> Outcome {
        eval(&self.expr, profile, schema)
    }

    /// The condition as an official reads it, built from the schema's phrases, e.g.
    /// 「機密性3の情報を取り扱う、又はインターネットに接続する」 for
    /// `confidentiality >= 3 || internet_facing`.
    pub(crate) fn words(&self, schema: &ProfileSchema) -> String {
        words(&push_not(&self.expr, false), schema)
    }

    /// Every profile key the condition reads.
    pub(crate) fn keys(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_keys(&self.expr, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn collect_keys<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
    match e {
        Expr::Or(v) | Expr::And(v) => v.iter().for_each(|x| collect_keys(x, out)),
        Expr::Not(x) => collect_keys(x, out),
        Expr::Atom(a) => out.push(match a {
            Atom::Level { key, .. }
            | Atom::Flag { key, .. }
            | Atom::Choice { key, .. }
            | Atom::Member { key, .. } => key,
        }),
    }
}

fn eval(e: &Expr, p: &Profile, schema: &ProfileSchema) -> Outcome {
    match e {
        Expr::Atom(a) => eval_atom(a, p, schema),
        Expr::Not(x) => {
            let o = eval(x, p, schema);
            Outcome {
                holds: !o.holds,
                reasons: o.reasons,
            }
        }
        // An `&&` that holds is explained by all its parts; one that fails by the parts that failed.
        // An `||` that holds is explained by the parts that held; one that fails by all of them.
        Expr::And(xs) | Expr::Or(xs) => {
            let is_and = matches!(e, Expr::And(_));
            let outcomes: Vec<Outcome> = xs.iter().map(|x| eval(x, p, schema)).collect();
            let holds = if is_and {
                outcomes.iter().all(|o| o.holds)
            } else {
                outcomes.iter().any(|o| o.holds)
            };
            let deciding = |o: &&Outcome| {
                if is_and == holds {
                    true
                } else {
                    o.holds == holds
                }
            };
            let mut reasons = Vec::new();
            for o in outcomes.iter().filter(deciding) {
                for r in &o.reasons {
                    if !reasons.contains(r) {
                        reasons.push(r.clone());
                    }
                }
            }
            Outcome { holds, reasons }
        }
    }
}

fn eval_atom(a: &Atom, p: &Profile, schema: &ProfileSchema) -> Outcome {
    let (holds, reason) = match a {
        Atom::Level { key, op, n } => {
            let actual = p.level(key).unwrap_or(0);
            let holds = op.apply(actual, *n);
            (
                holds,
                level_phrase(schema.dimension(key), *op, *n, actual, holds),
            )
        }
        Atom::Flag { key, expect } => {
            let actual = matches!(p.values.get(key), Some(Value::Bool(true)));
            let def = schema.trait_def(key);
            let phrase = def.and_then(|d| {
                if actual {
                    d.holds.clone()
                } else {
                    d.fails.clone()
                }
            });
            (
                actual == *expect,
                phrase.unwrap_or_else(|| format!("{key} が {actual} であるため")),
            )
        }
        Atom::Choice {
            key,
            values,
            negated,
        } => {
            let actual = match p.values.get(key) {
                Some(Value::Choice(s)) => s.as_str(),
                _ => "",
            };
            let holds = values.iter().any(|v| v == actual) != *negated;
            let phrase = schema
                .trait_def(key)
                .and_then(|d| d.value(actual))
                .map(|v| v.holds.clone());
            (
                holds,
                phrase.unwrap_or_else(|| format!("{key} が「{actual}」であるため")),
            )
        }
        Atom::Member {
            key,
            value,
            negated,
        } => {
            let present = matches!(p.values.get(key), Some(Value::Set(s)) if s.contains(value));
            let def = schema.trait_def(key).and_then(|d| d.value(value));
            let phrase = def.and_then(|v| {
                if present {
                    Some(v.holds.clone())
                } else {
                    v.fails.clone()
                }
            });
            (
                present != *negated,
                phrase.unwrap_or_else(|| {
                    format!(
                        "{key} に「{value}」が{}ため",
                        if present {
                            "含まれる"
                        } else {
                            "含まれない"
                        }
                    )
                }),
            )
        }
    };
    Outcome {
        holds,
        reasons: vec![reason],
    }
}

/// The reason phrase for a level comparison. `>= n` (and its equivalents) uses the
/// schema's own wording for "at least n", e.g. 要機密情報; other comparisons fall back
/// to a plain sentence.
fn level_phrase(dim: Option<&Dimension>, op: CmpOp, n: i64, actual: i64, holds: bool) -> String {
    let Some(dim) = dim else {
        return format!("格付けが {actual} であるため");
    };
    let threshold = match op {
        CmpOp::Ge => Some(n),
        CmpOp::Gt => dim.levels.iter().map(|l| l.value).find(|&v| v > n),
        CmpOp::Eq if n == dim.max() => Some(n),
        _ => None,
    };
    let phrase = threshold
        .and_then(|t| dim.levels.iter().find(|l| l.value == t))
        .and_then(|l| l.at_least.as_ref())
        .map(|ph| {
            if holds {
                ph.holds.clone()
            } else {
                ph.fails.clone()
            }
        });
    phrase.unwrap_or_else(|| {
        if holds {
            format!("{}{n}{}の情報を取り扱うため", dim.label, op.words())
        } else {
            format!(
                "取り扱う情報が{}{actual}であり、{}{n}{}ではないため",
                dim.label,
                dim.label,
                op.words()
            )
        }
    })
}

// ---------------------------------------------------------------- words

/// The same condition with every `!` pushed down to the atoms (De Morgan), so each
/// atom can be said positively or negatively in the schema's words.
fn push_not(e: &Expr, negate: bool) -> Expr {
    match e {
        Expr::Not(x) => push_not(x, !negate),
        Expr::Or(xs) | Expr::And(xs) => {
            let parts = xs.iter().map(|x| push_not(x, negate)).collect();
            if matches!(e, Expr::Or(_)) != negate {
                Expr::Or(parts)
            } else {
                Expr::And(parts)
            }
        }
        Expr::Atom(a) if !negate => Expr::Atom(a.clone()),
        Expr::Atom(a) => Expr::Atom(match a.clone() {
            Atom::Level { key, op, n } => Atom::Level {
                key,
                op: match op {
                    CmpOp::Eq => CmpOp::Ne,
                    CmpOp::Ne => CmpOp::Eq,
                    CmpOp::Ge => CmpOp::Lt,
                    CmpOp::Lt => CmpOp::Ge,
                    CmpOp::Le => CmpOp::Gt,
                    CmpOp::Gt => CmpOp::Le,
                },
                n,
            },
            Atom::Flag { key, expect } => Atom::Flag {
                key,
                expect: !expect,
            },
            Atom::Choice {
                key,
                values,
                negated,
            } => Atom::Choice {
                key,
                values,
                negated: !negated,
            },
            Atom::Member {
                key,
                value,
                negated,
            } => Atom::Member {
                key,
                value,
                negated: !negated,
            },
        }),
    }
}

fn words(e: &Expr, schema: &ProfileSchema) -> String {
    match e {
        Expr::Atom(a) => atom_words(a, schema),
        Expr::Not(x) => format!("次に当たらない:（{}）", words(x, schema)),
        Expr::Or(xs) | Expr::And(xs) => {
            let joint = if matches!(e, Expr::Or(_)) {
                "、又は"
            } else {
                "、かつ"
            };
            // A part that is itself a list (「A、又はB」) is bracketed, so the joint
            // reads unambiguously.
            xs.iter()
                .map(|x| {
                    let w = words(x, schema);
                    match x {
                        Expr::Atom(_) if !w.contains("、又は") && !w.contains("、かつ") => w,
                        _ => format!("（{w}）"),
                    }
                })
                .collect::<Vec<_>>()
                .join(joint)
        }
    }
}

/// A reason phrase 「…するため」 as a clause 「…する」.
fn clause(phrase: &str) -> String {
    phrase.strip_suffix("ため").unwrap_or(phrase).to_string()
}

fn atom_words(a: &Atom, schema: &ProfileSchema) -> String {
    match a {
        Atom::Level { key, op, n } => match schema.dimension(key) {
            Some(d) => level_words(d, *op, *n),
            None => format!("{key} {n}"),
        },
        Atom::Flag { key, expect } => {
            let def = schema.trait_def(key);
            let phrase = def.and_then(|d| {
                if *expect {
                    d.holds.clone()
                } else {
                    d.fails.clone()
                }
            });
            match (phrase, def) {
                (Some(p), _) => clause(&p),
                (None, Some(d)) if *expect => format!("{}に当たる", d.label),
                (None, Some(d)) => format!("{}に当たらない", d.label),
                (None, None) => key.clone(),
            }
        }
        Atom::Choice {
            key,
            values,
            negated,
        } => {
            let Some(def) = schema.trait_def(key) else {
                return format!("{key}: {}", values.join("、"));
            };
            // `cloud != "none"` reads best as the value's own negative phrase, if it has one.
            if let ([only], true) = (values.as_slice(), *negated) {
                if let Some(f) = def.value(only).and_then(|v| v.fails.as_deref()) {
                    return clause(f);
                }
            }
            let chosen: Vec<&crate::profile::schema::ValueDef> = def
                .values
                .iter()
                .filter(|v| values.contains(&v.value) != *negated)
                .collect();
            match chosen.as_slice() {
                [] => format!("{}がいずれの値でもない", def.label),
                [one] => clause(&one.holds),
                many => many
                    .iter()
                    .map(|v| clause(&v.holds))
                    .collect::<Vec<_>>()
                    .join("、又は"),
            }
        }
        Atom::Member {
            key,
            value,
            negated,
        } => {
            let v = schema.trait_def(key).and_then(|d| d.value(value));
            let phrase = v.and_then(|v| {
                if *negated {
                    v.fails.clone()
                } else {
                    Some(v.holds.clone())
                }
            });
            phrase.map_or_else(
                || {
                    format!(
                        "{key} に「{value}」が{}",
                        if *negated {
                            "含まれない"
                        } else {
                            "含まれる"
                        }
                    )
                },
                |p| clause(&p),
            )
        }
    }
}

/// A level comparison in words: the schema's phrase for "at least n" (or for "not at
/// least n") where there is one, else a plain clause.
fn level_words(d: &Dimension, op: CmpOp, n: i64) -> String {
    let above = |n: i64| d.levels.iter().map(|l| l.value).find(|&v| v > n);
    let (threshold, holds) = match op {
        CmpOp::Ge => (Some(n), true),
        CmpOp::Gt => (above(n), true),
        CmpOp::Eq if n == d.max() => (Some(n), true),
        CmpOp::Lt => (Some(n), false),
        CmpOp::Le => (above(n), false),
        CmpOp::Ne if n == d.max() => (Some(n), false),
        _ => (None, true),
    };
    let phrase = threshold
        .and_then(|t| d.levels.iter().find(|l| l.value == t))
        .and_then(|l| l.at_least.as_ref())
        .map(|ph| if holds { &ph.holds } else { &ph.fails });
    match phrase {
        Some(p) => clause(p),
        None => format!("取り扱う情報の{}が{n}{}である", d.label, op.words()),
    }
}

// ---------------------------------------------------------------- parser

struct Parser<'s> {
    tokens: Vec<Token>,
    pos: usize,
    schema: &'s ProfileSchema,
    end: usize,
    /// Nesting of `(` and `!`, bounded so a hostile catalog cannot overflow the stack.
    depth: usize,
}

/// Deeper nesting than any readable condition needs.
const MAX_DEPTH: usize = 32;

enum Operand {
    Ident(String),
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
}

impl Parser<'_> {
    fn error_at(&self, column: usize, message: String) -> ConditionError {
        ConditionError { column, message }
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn col(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.col)
    }

    fn bump(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).map(|t| t.tok.clone());
        self.pos += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, ConditionError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.bump();
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, ConditionError> {
        let mut parts = vec![self.unary()?];
        while self.peek() == Some(&Tok::And) {
            self.bump();
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Expr, ConditionError> {
        if matches!(self.peek(), Some(Tok::Bang | Tok::LParen)) {
            if self.depth >= MAX_DEPTH {
                return Err(self.error_at(
                    self.col(),
                    format!("括弧や「!」の入れ子が深すぎます（{MAX_DEPTH} 段まで）"),
                ));
            }
            self.depth += 1;
        }
        let result = match self.peek() {
            Some(Tok::Bang) => {
                self.bump();
                self.unary().map(|e| Expr::Not(Box::new(e)))
            }
            Some(Tok::LParen) => {
                self.bump();
                let e = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.error_at(self.col(), "対応する「)」がありません".into()));
                }
                self.bump();
                Ok(e)
            }
            _ => return self.comparison(),
        };
        self.depth -= 1;
        result
    }

    fn operand(&mut self) -> Result<(Operand, usize), ConditionError> {
        let col = self.col();
        let op = match self.bump() {
            Some(Tok::Ident(s)) => Operand::Ident(s),
            Some(Tok::Str(s)) => Operand::Str(s),
            Some(Tok::Int(n)) => Operand::Int(n),
            Some(Tok::True) => Operand::Bool(true),
            Some(Tok::False) => Operand::Bool(false),
            Some(Tok::LBracket) => {
                let mut items = Vec::new();
                loop {
                    match self.bump() {
                        Some(Tok::Str(s)) => items.push(s),
                        Some(Tok::RBracket) if items.is_empty() => break,
                        _ => {
                            return Err(self.error_at(
                                self.col().saturating_sub(1).max(col),
                                "配列には \"値\" をカンマで区切って並べてください".into(),
                            ))
                        }
                    }
                    match self.bump() {
                        Some(Tok::Comma) => continue,
                        Some(Tok::RBracket) => break,
                        _ => return Err(self.error_at(col, "配列の「]」がありません".into())),
                    }
                }
                Operand::List(items)
            }
            Some(t) => {
                return Err(
                    self.error_at(col, format!("「{}」の位置には名前か値が必要です", t.show()))
                )
            }
            None => return Err(self.error_at(col, "式が途中で終わっています".into())),
        };
        Ok((op, col))
    }

    fn comparison(&mut self) -> Result<Expr, ConditionError> {
        let (left, lcol) = self.operand()?;
        let op = match self.peek() {
            Some(Tok::Op(op)) => Some(Rel::Cmp(*op)),
            Some(Tok::In) => Some(Rel::In(false)),
            Some(Tok::NotIn) => Some(Rel::In(true)),
            _ => None,
        };
        let Some(op) = op else {
            // A bare name: a bool trait.
            return match left {
                Operand::Ident(name) => self.flag(&name, true, lcol),
                _ => Err(self.error_at(
                    lcol,
                    "値だけでは条件になりません。比較してください（例: confidentiality >= 2）"
                        .into(),
                )),
            };
        };
        self.bump();
        let (right, rcol) = self.operand()?;
        self.resolve(left, lcol, op, right, rcol).map(Expr::Atom)
    }

    fn flag(&self, name: &str, expect: bool, col: usize) -> Result<Expr, ConditionError> {
        match self.lookup(name, col)? {
            Kind::Trait(t) if t.kind == TraitType::Bool => Ok(Expr::Atom(Atom::Flag {
                key: name.into(),
                expect,
            })),
            Kind::Trait(t) => Err(self.error_at(
                col,
                format!(
                    "「{name}」は真偽値ではありません（{}）。{} のように比較してください",
                    kind_words(t),
                    example(name, t)
                ),
            )),
            Kind::Level(d) => Err(self.error_at(
                col,
                format!(
                    "「{name}」は格付けです。{name} >= {} のように比較してください",
                    d.levels.get(1).map_or(d.max(), |l| l.value)
                ),
            )),
        }
    }

    fn lookup(&self, name: &str, col: usize) -> Result<Kind<'_>, ConditionError> {
        if let Some(d) = self.schema.dimension(name) {
            return Ok(Kind::Level(d));
        }
        if let Some(t) = self.schema.trait_def(name) {
            return Ok(Kind::Trait(t));
        }
        let mut known: Vec<&str> = self
            .schema
            .classifications
            .iter()
            .map(|d| d.key.as_str())
            .collect();
        known.extend(self.schema.traits.iter().map(|t| t.key.as_str()));
        let hint = crate::text::closest(name, &known)
            .map(|c| format!("「{c}」の誤りではありませんか。"))
            .unwrap_or_default();
        Err(self.error_at(
            col,
            format!(
                "不明な名前「{name}」です。{hint}使える名前: {}",
                known.join(", ")
            ),
        ))
    }

    fn resolve(
        &self,
        left: Operand,
        lcol: usize,
        rel: Rel,
        right: Operand,
        rcol: usize,
    ) -> Result<Atom, ConditionError> {
        match (left, rel, right) {
            (Operand::Ident(name), Rel::Cmp(op), right) => match (self.lookup(&name, lcol)?, right) {
                (Kind::Level(d), Operand::Int(n)) => {
                    if n < d.min() || n > d.max() {
                        return Err(self.error_at(rcol, format!("{name}（{}）のレベルは {} のいずれかです（{n} は範囲外）", d.label, d.level_list())));
                    }
                    Ok(Atom::Level { key: name, op, n })
                }
                (Kind::Level(d), _) => Err(self.error_at(rcol, format!("{name}（{}）は整数 {} と比較してください", d.label, d.level_list()))),
                (Kind::Trait(t), Operand::Bool(b)) if t.kind == TraitType::Bool && matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                    Ok(Atom::Flag { key: name, expect: b == (op == CmpOp::Eq) })
                }
                (Kind::Trait(t), Operand::Str(v)) if t.kind == TraitType::Choice && matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                    self.check_value(t, &v, rcol)?;
                    Ok(Atom::Choice { key: name, values: vec![v], negated: op == CmpOp::Ne })
                }
                (Kind::Trait(t), _) => Err(self.error_at(lcol, format!(
                    "「{name}」（{}）にこの比較は使えません。{} のように書いてください", kind_words(t), example(&name, t)))),
            },
            (Operand::Ident(name), Rel::In(negated), Operand::List(values)) => match self.lookup(&name, lcol)? {
                Kind::Trait(t) if t.kind == TraitType::Choice => {
                    for v in &values {
                        self.check_value(t, v, rcol)?;
                    }
                    Ok(Atom::Choice { key: name, values, negated })
                }
                Kind::Trait(t) => Err(self.error_at(lcol, format!("「{name}」（{}）に in [...] は使えません。{} のように書いてください", kind_words(t), example(&name, t)))),
                Kind::Level(d) => Err(self.error_at(lcol, format!("{name}（{}）は >= などで比較してください", d.label))),
            },
            (Operand::Str(v), Rel::In(negated), Operand::Ident(name)) => match self.lookup(&name, rcol)? {
                Kind::Trait(t) if t.kind == TraitType::Set => {
                    self.check_value(t, &v, lcol)?;
                    Ok(Atom::Member { key: name, value: v, negated })
                }
                Kind::Trait(t) => Err(self.error_at(rcol, format!("「{name}」（{}）は値の集合ではありません。{} のように書いてください", kind_words(t), example(&name, t)))),
                Kind::Level(d) => Err(self.error_at(rcol, format!("{name}（{}）は >= などで比較してください", d.label))),
            },
            _ => Err(self.error_at(lcol, "比較の形が正しくありません。例: confidentiality >= 2、cloud != \"none\"、\"development\" in outsourcing".into())),
        }
    }

    fn check_value(&self, t: &TraitDef, v: &str, col: usize) -> Result<(), ConditionError> {
        if t.value(v).is_some() {
            Ok(())
        } else {
            Err(self.error_at(
                col,
                format!(
                    "「{v}」は {} の値ではありません（使える値: {}）",
                    t.key,
                    t.value_names().join(", ")
                ),
            ))
        }
    }
}

enum Rel {
    Cmp(CmpOp),
    In(bool),
}

enum Kind<'s> {
    Level(&'s Dimension),
    Trait(&'s TraitDef),
}

fn kind_words(t: &TraitDef) -> &'static str {
    match t.kind {
        TraitType::Bool => "真偽値",
        TraitType::Choice => "選択肢",
        TraitType::Set => "値の集合",
    }
}

fn example(name: &str, t: &TraitDef) -> String {
    let v = t.values.last().map_or("", |v| v.value.as_str());
    match t.kind {
        TraitType::Bool => name.to_string(),
        TraitType::Choice => format!("{name} == \"{v}\""),
        TraitType::Set => format!("\"{v}\" in {name}"),
    }
}

#[cfg(test)]
mod tests;
