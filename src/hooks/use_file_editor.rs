//! The file being edited in the files panel: its name and content fields, the panel around them,
//! and what the CLI would say about its JSON. The terminal's "Edit as a file" and the panel's list
//! of saved files both put a file into it.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the CLI would say about a file's JSON when a command reads it (None: fine, or not JSON).
pub fn json_problem(name: &str, body: &str) -> Option<String> {
    let t = body.trim_start();
    if !(name.ends_with(".json") || t.starts_with('{') || t.starts_with('[')) || t.is_empty() {
        return None;
    }
    match ecs_sandbox_awscli::convert::parse_json(body) {
        Err(ecs_sandbox_awscli::convert::ParamError::Json { message, .. }) => Some(message),
        _ => None,
    }
}

#[derive(Clone, PartialEq)]
pub struct FileEditor {
    pub name: NodeRef,
    pub body: NodeRef,
    pub panel: NodeRef,
    /// What is wrong with the JSON being edited, shown under it as the CLI would say it.
    pub error: UseStateHandle<Option<String>>,
}

impl FileEditor {
    /// Checks the content being typed (against the name in the name field).
    pub fn check(&self, body: &str) {
        let name = self
            .name
            .cast::<HtmlInputElement>()
            .map(|n| n.value())
            .unwrap_or_default();
        self.error.set(json_problem(&name, body));
    }

    /// Puts a file into the editor (a saved one to change, or a skeleton to fill in) and opens the
    /// panel.
    pub fn edit(&self, name: &str, body: &str) {
        let (Some(n), Some(b)) = (
            self.name.cast::<HtmlInputElement>(),
            self.body.cast::<HtmlTextAreaElement>(),
        ) else {
            return;
        };
        n.set_value(name);
        b.set_value(body);
        if let Some(p) = self.panel.cast::<web_sys::Element>() {
            let _ = p.set_attribute("open", "");
        }
        let _ = b.focus();
        self.check(body);
    }

    /// The name and content in the fields now.
    pub fn value(&self) -> Option<(String, String)> {
        let n = self.name.cast::<HtmlInputElement>()?;
        let b = self.body.cast::<HtmlTextAreaElement>()?;
        Some((n.value(), b.value()))
    }
}

#[hook]
pub fn use_file_editor() -> FileEditor {
    FileEditor {
        name: use_node_ref(),
        body: use_node_ref(),
        panel: use_node_ref(),
        error: use_state(|| None::<String>),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_get_the_clis_error_while_being_edited() {
        assert_eq!(
            json_problem("container.json", "[{\"name\": \"web\"}]"),
            None
        );
        assert_eq!(
            json_problem("userdata.txt", "#!/bin/bash\necho hi"),
            None,
            "not JSON, not checked"
        );
        assert_eq!(json_problem("c.json", ""), None, "nothing typed yet");
        let e =
            json_problem("c.json", "[{\"name\": \"web\",}]").expect("a trailing comma is an error");
        assert!(e.starts_with("Invalid JSON: "), "{e}");
        assert!(
            json_problem("notes", "{\u{201c}name\u{201d}: 1}").is_some(),
            "curly quotes in a JSON-looking file"
        );
    }
}
