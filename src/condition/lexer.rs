//! The condition lexer: characters to tokens, with 1-based columns for messages.

use super::ast::CmpOp;
use super::error::ConditionError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    Op(CmpOp),
    And,
    Or,
    Bang,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    In,
    NotIn,
    True,
    False,
}

impl Tok {
    pub(super) fn show(&self) -> String {
        match self {
            Tok::Ident(s) => s.clone(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Int(n) => n.to_string(),
            Tok::Op(op) => match op {
                CmpOp::Eq => "==",
                CmpOp::Ne => "!=",
                CmpOp::Ge => ">=",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Lt => "<",
            }
            .into(),
            Tok::And => "&&".into(),
            Tok::Or => "||".into(),
            Tok::Bang => "!".into(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::LBracket => "[".into(),
            Tok::RBracket => "]".into(),
            Tok::Comma => ",".into(),
            Tok::In => "in".into(),
            Tok::NotIn => "not in".into(),
            Tok::True => "true".into(),
            Tok::False => "false".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) col: usize,
}

pub(super) fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |col: usize, message: String| ConditionError {
        column: col,
        message,
    };
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        let next = chars.get(i + 1).copied();
        let two = |t: Tok| (t, 2);
        let (tok, len) = match (c, next) {
            (c, _) if c.is_whitespace() => {
                i += 1;
                continue;
            }
            ('&', Some('&')) => two(Tok::And),
            ('|', Some('|')) => two(Tok::Or),
            ('=', Some('=')) => two(Tok::Op(CmpOp::Eq)),
            ('!', Some('=')) => two(Tok::Op(CmpOp::Ne)),
            ('>', Some('=')) => two(Tok::Op(CmpOp::Ge)),
            ('<', Some('=')) => two(Tok::Op(CmpOp::Le)),
            ('>', _) => (Tok::Op(CmpOp::Gt), 1),
            ('<', _) => (Tok::Op(CmpOp::Lt), 1),
            ('!', _) => (Tok::Bang, 1),
            ('(', _) => (Tok::LParen, 1),
            (')', _) => (Tok::RParen, 1),
            ('[', _) => (Tok::LBracket, 1),
            (']', _) => (Tok::RBracket, 1),
            (',', _) => (Tok::Comma, 1),
            ('=', _) => {
                return Err(err(
                    col,
                    "「=」は比較には使えません。「==」と書いてください".into(),
                ))
            }
            ('&', _) | ('|', _) => {
                return Err(err(col, format!("「{c}」は「{c}{c}」と書いてください")))
            }
            ('"', _) => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&ch| ch == '"')
                    .ok_or_else(|| err(col, "文字列の終わりの「\"」がありません".into()))?;
                let s: String = chars[i + 1..i + 1 + end].iter().collect();
                (Tok::Str(s), end + 2)
            }
            (c, _) if c.is_ascii_digit() => {
                let len = chars[i..]
                    .iter()
                    .take_while(|ch| ch.is_ascii_digit())
                    .count();
                let s: String = chars[i..i + len].iter().collect();
                let n = s
                    .parse()
                    .map_err(|_| err(col, format!("数値「{s}」が大きすぎます")))?;
                (Tok::Int(n), len)
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|ch| ch.is_ascii_alphanumeric() || **ch == '_')
                    .count();
                let word: String = chars[i..i + len].iter().collect();
                match word.as_str() {
                    "in" => (Tok::In, len),
                    "true" => (Tok::True, len),
                    "false" => (Tok::False, len),
                    "not" => {
                        // `not in` is one operator; `not` alone is spelt `!`.
                        let rest: String = chars[i + len..].iter().collect();
                        let trimmed = rest.trim_start();
                        if trimmed.starts_with("in")
                            && !trimmed[2..]
                                .starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
                        {
                            let skipped = rest.len() - trimmed.len();
                            (Tok::NotIn, len + rest[..skipped].chars().count() + 2)
                        } else {
                            return Err(err(
                                col,
                                "否定は「!」と書いてください（「not」は「not in」にだけ使えます）"
                                    .into(),
                            ));
                        }
                    }
                    "and" => return Err(err(col, "「and」ではなく「&&」と書いてください".into())),
                    "or" => return Err(err(col, "「or」ではなく「||」と書いてください".into())),
                    _ => (Tok::Ident(word), len),
                }
            }
            (c, _) => return Err(err(col, format!("使えない文字「{c}」があります"))),
        };
        out.push(Token { tok, col });
        i += len;
    }
    Ok(out)
}
