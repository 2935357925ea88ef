//! The parsed form of a condition: `||`, `&&`, `!` over atoms.

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Atom(Atom),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Atom {
    /// `confidentiality >= 2`
    Level { key: String, op: CmpOp, n: i64 },
    /// `internet_facing` (or `internet_facing == false`)
    Flag { key: String, expect: bool },
    /// `cloud == "saas"`, `cloud in ["paas", "iaas"]`, negated for `!=` / `not in`
    Choice {
        key: String,
        values: Vec<String>,
        negated: bool,
    },
    /// `"development" in outsourcing`, negated for `not in`
    Member {
        key: String,
        value: String,
        negated: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl CmpOp {
    pub(super) fn apply(self, a: i64, b: i64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Ge => a >= b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Lt => a < b,
        }
    }
    pub(super) fn words(self) -> &'static str {
        match self {
            CmpOp::Eq => "",
            CmpOp::Ne => "以外",
            CmpOp::Ge => "以上",
            CmpOp::Le => "以下",
            CmpOp::Gt => "超",
            CmpOp::Lt => "未満",
        }
    }
}
