//! The argument table of an operation: one CLI option per member of its input shape (booleans get
//! a `--no-` twin), as awscli's `arguments.py` builds it, then the options the CLI's customizations
//! add.

use crate::cli::ServiceOperation;
use crate::customizations::{self, CustomArgument};
use crate::model::{self, ShapeType};

/// How one argument of an operation is parsed.
#[derive(Debug, Clone)]
pub(crate) struct Argument {
    pub(crate) cli_name: String,
    pub(crate) member: Option<String>,
    pub(crate) required: bool,
    pub(crate) kind: ArgumentKind,
    /// Takes shorthand (`Key=value,...`): a structure, a map or a list of structures.
    pub(crate) shorthand: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArgumentKind {
    /// One value of a scalar shape.
    Scalar,
    /// `--flag` / `--no-flag` for a boolean member.
    Bool(bool),
    /// One or more words (list of scalars or of structures).
    List,
    /// One structure/map value (JSON or shorthand).
    Complex,
    /// An option a customization adds (`customizations/`).
    Custom(CustomArgument),
}

impl ArgumentKind {
    /// For a flag (`--x` / `--no-x`, no value): the value it gives.
    pub(crate) fn flag(&self) -> Option<bool> {
        match self {
            ArgumentKind::Bool(value) => Some(*value),
            ArgumentKind::Custom(custom) => custom.flag(),
            _ => None,
        }
    }

    pub(crate) fn takes_value(&self) -> bool {
        self.flag().is_none()
    }

    /// For an option whose value may be left out: the value it takes then.
    pub(crate) fn value_when_omitted(&self) -> Option<&'static str> {
        match self {
            ArgumentKind::Custom(custom) => custom.value_when_omitted(),
            _ => None,
        }
    }

    /// Whether giving it lifts the required arguments (`--cli-input-json`, the skeleton).
    pub(crate) fn overrides_required_args(&self) -> bool {
        matches!(self, ArgumentKind::Custom(custom) if custom.overrides_required_args())
    }
}

impl Argument {
    /// An option a customization adds (no member of the input shape, never required).
    pub(crate) fn custom(cli_name: &str, kind: CustomArgument) -> Argument {
        Argument {
            cli_name: cli_name.to_string(),
            member: None,
            required: false,
            kind: ArgumentKind::Custom(kind),
            shorthand: false,
        }
    }
}

/// The arguments of an operation, in the order the CLI lists them.
pub(crate) fn argument_table(operation: ServiceOperation) -> Vec<Argument> {
    let mut table = model_arguments(operation);
    customizations::add_arguments(operation, &mut table);
    table
}

/// One argument per member of the operation's input shape (two for a boolean), named by the model
/// or by botocore's `xform_name`.
fn model_arguments(o: ServiceOperation) -> Vec<Argument> {
    let ServiceOperation {
        model,
        operation: op,
        ..
    } = o;
    let mut table = vec![];
    let input = op.input.as_ref().and_then(|i| model.shape(i));
    if let Some(shape) = input {
        for (member, mref) in &shape.members {
            let cli = op
                .args
                .get(member)
                .cloned()
                .unwrap_or_else(|| model::cli_name(member));
            let required = shape.required.contains(member);
            let Some(ms) = model.shape(&mref.shape) else {
                continue;
            };
            match ms.kind {
                ShapeType::Boolean => {
                    table.push(Argument {
                        cli_name: format!("--{cli}"),
                        member: Some(member.clone()),
                        required,
                        kind: ArgumentKind::Bool(true),
                        shorthand: false,
                    });
                    table.push(Argument {
                        cli_name: format!("--no-{cli}"),
                        member: Some(member.clone()),
                        required: false,
                        kind: ArgumentKind::Bool(false),
                        shorthand: false,
                    });
                }
                ShapeType::List => {
                    let of_structures = ms
                        .member
                        .as_ref()
                        .and_then(|e| model.shape(&e.shape))
                        .is_some_and(|e| matches!(e.kind, ShapeType::Structure | ShapeType::Map));
                    table.push(Argument {
                        cli_name: format!("--{cli}"),
                        member: Some(member.clone()),
                        required,
                        kind: ArgumentKind::List,
                        shorthand: of_structures,
                    })
                }
                ShapeType::Structure | ShapeType::Map => table.push(Argument {
                    cli_name: format!("--{cli}"),
                    member: Some(member.clone()),
                    required,
                    kind: ArgumentKind::Complex,
                    shorthand: true,
                }),
                _ => table.push(Argument {
                    cli_name: format!("--{cli}"),
                    member: Some(member.clone()),
                    required,
                    kind: ArgumentKind::Scalar,
                    shorthand: false,
                }),
            }
        }
    }
    table
}
