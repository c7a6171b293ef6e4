//! The files for `file://`: a name and a content field (JSON mistakes shown as you type, in the
//! CLI's words), Save, and the saved files, each reopening for editing.
//!
//! A view function (its state, the file being edited, is `hooks::use_file_editor` in the page):
//! see `components` for why stateless parts are not Yew components.

use crate::hooks::{FileEditor, SessionHandle};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

pub struct FilesProps {
    pub session: SessionHandle,
    pub editor: FileEditor,
}

pub fn files(p: &FilesProps) -> Html {
    let save_file = {
        let (session, editor) = (p.session.clone(), p.editor.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((name, body)) = editor.value() {
                session.update(|s| s.save_file(&name, &body));
            }
        })
    };
    let check_file = {
        let editor = p.editor.clone();
        Callback::from(move |e: InputEvent| {
            editor.check(
                &e.target_dyn_into::<HtmlTextAreaElement>()
                    .map(|t| t.value())
                    .unwrap_or_default(),
            )
        })
    };
    let s = p.session.borrow();
    let file_button = |f: String| {
        let (editor, body, label) = (
            p.editor.clone(),
            s.files.0.get(&f).cloned().unwrap_or_default(),
            f.clone(),
        );
        html! { <li><button class="file" onclick={move |_: MouseEvent| editor.edit(&f, &body)}>{ label }</button></li> }
    };
    let e = &p.editor;
    html! {
        <details class="files" ref={e.panel.clone()}>
            <summary>{ format!("Files for file:// ({})", s.file_names().len()) }</summary>
            <label for="file-name">{ "File name" }</label>
            <input id="file-name" ref={e.name.clone()} placeholder="container.json" />
            <label for="file-body">{ "Content" }</label>
            <textarea id="file-body" ref={e.body.clone()} rows="6" spellcheck="false" aria-describedby="file-error"
                oninput={check_file} />
            <p id="file-error" class="stderr" role="status">{ (*e.error).clone().unwrap_or_default() }</p>
            <button id="save-file" onclick={save_file}>{ "Save file" }</button>
            <ul aria-label="Saved files (click one to edit it)">{ for s.file_names().into_iter().map(file_button) }</ul>
        </details>
    }
}
