//! The argument table of an operation: one CLI option per member of its input shape (booleans get
//! a `--no-` twin), as awscli's `arguments.py` builds it, then the options the CLI's customizations
//! add.

use crate::cli::ServiceOperation;
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
    /// CLI customizations.
    Count,
    AssociatePublicIp(bool),
    SgProtocol,
    SgPort,
    SgCidr,
    SgSourceGroup,
    CliInputJson,
    GenerateSkeleton,
    /// The CLI's paging options of paginated operations.
    StartingToken,
    PageSize,
    MaxItems,
}

impl ArgumentKind {
    pub(crate) fn takes_value(&self) -> bool {
        !matches!(
            self,
            ArgumentKind::Bool(_) | ArgumentKind::AssociatePublicIp(_)
        )
    }
}

pub(crate) fn argument_table(o: ServiceOperation) -> Vec<Argument> {
    let ServiceOperation {
        service,
        model,
        name: op_name,
        operation: op,
    } = o;
    let mut specs = vec![];
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
                    specs.push(Argument {
                        cli_name: format!("--{cli}"),
                        member: Some(member.clone()),
                        required,
                        kind: ArgumentKind::Bool(true),
                        shorthand: false,
                    });
                    specs.push(Argument {
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
                    specs.push(Argument {
                        cli_name: format!("--{cli}"),
                        member: Some(member.clone()),
                        required,
                        kind: ArgumentKind::List,
                        shorthand: of_structures,
                    })
                }
                ShapeType::Structure | ShapeType::Map => specs.push(Argument {
                    cli_name: format!("--{cli}"),
                    member: Some(member.clone()),
                    required,
                    kind: ArgumentKind::Complex,
                    shorthand: true,
                }),
                _ => specs.push(Argument {
                    cli_name: format!("--{cli}"),
                    member: Some(member.clone()),
                    required,
                    kind: ArgumentKind::Scalar,
                    shorthand: false,
                }),
            }
        }
    }
    // Customizations of the real CLI.
    match (service, op_name) {
        ("ec2", "RunInstances") => {
            specs.retain(|s| s.cli_name != "--min-count" && s.cli_name != "--max-count");
            specs.push(Argument {
                cli_name: "--count".into(),
                member: None,
                required: false,
                kind: ArgumentKind::Count,
                shorthand: false,
            });
            specs.push(Argument {
                cli_name: "--associate-public-ip-address".into(),
                member: None,
                required: false,
                kind: ArgumentKind::AssociatePublicIp(true),
                shorthand: false,
            });
            specs.push(Argument {
                cli_name: "--no-associate-public-ip-address".into(),
                member: None,
                required: false,
                kind: ArgumentKind::AssociatePublicIp(false),
                shorthand: false,
            });
        }
        ("ec2", "AuthorizeSecurityGroupIngress") | ("ec2", "RevokeSecurityGroupIngress") => {
            specs.push(Argument {
                cli_name: "--protocol".into(),
                member: None,
                required: false,
                kind: ArgumentKind::SgProtocol,
                shorthand: false,
            });
            specs.push(Argument {
                cli_name: "--port".into(),
                member: None,
                required: false,
                kind: ArgumentKind::SgPort,
                shorthand: false,
            });
            specs.push(Argument {
                cli_name: "--cidr".into(),
                member: None,
                required: false,
                kind: ArgumentKind::SgCidr,
                shorthand: false,
            });
            specs.push(Argument {
                cli_name: "--source-group".into(),
                member: None,
                required: false,
                kind: ArgumentKind::SgSourceGroup,
                shorthand: false,
            });
        }
        _ => {}
    }
    if op.paginator.as_ref().is_some_and(|p| p.limit_key.is_some()) {
        specs.push(Argument {
            cli_name: "--page-size".into(),
            member: None,
            required: false,
            kind: ArgumentKind::PageSize,
            shorthand: false,
        });
    }
    if op.paginator.is_some() {
        specs.push(Argument {
            cli_name: "--starting-token".into(),
            member: None,
            required: false,
            kind: ArgumentKind::StartingToken,
            shorthand: false,
        });
        specs.push(Argument {
            cli_name: "--max-items".into(),
            member: None,
            required: false,
            kind: ArgumentKind::MaxItems,
            shorthand: false,
        });
    }
    specs.push(Argument {
        cli_name: "--cli-input-json".into(),
        member: None,
        required: false,
        kind: ArgumentKind::CliInputJson,
        shorthand: false,
    });
    specs.push(Argument {
        cli_name: "--generate-cli-skeleton".into(),
        member: None,
        required: false,
        kind: ArgumentKind::GenerateSkeleton,
        shorthand: false,
    });
    specs
}
