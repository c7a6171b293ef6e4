//! `--output table` and `--output text` match the real AWS CLI's formatters byte for byte, on
//! responses the sandbox produced. The goldens were rendered by awscli itself
//! (scripts/golden_formats.py).

use ecs_sandbox_awscli::output;
use std::path::Path;

#[test]
fn table_and_text_match_the_aws_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/formats");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut failures = vec![];
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let title = name.split('.').next().unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("read");
        let data: serde_json::Value = serde_json::from_str(&text).expect("json");
        // The samples were printed by the sandbox; they also equal Python's json.dumps(indent=4).
        if output::json(&data) != text {
            failures.push(format!(
                "{name}.json does not round-trip through the JSON formatter"
            ));
        }
        for (ext, rendered) in [
            ("table", output::table(&data, title)),
            ("text", output::text(&data)),
        ] {
            let want = std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).expect("golden");
            if rendered != want {
                failures.push(format!(
                    "{name}.{ext}:\n--- aws cli\n{want}\n--- sandbox\n{rendered}"
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "too few goldens: {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
