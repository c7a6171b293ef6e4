//! What pulling a container's image finds: a reference Docker would refuse (the account's own
//! registry is checked at start, in `ecr/pulls.rs`).

/// Why an image reference cannot be pulled (Docker's reference grammar: lowercase repository path,
/// optional registry and tag), e.g. the course's `<image-from-ecr>` placeholder left in a file.
pub fn image_pull_error(image: &str) -> Option<String> {
    let fail = |why: &str| {
        Some(format!(
            "CannotPullContainerError: invalid reference format: {why} (image \"{image}\")"
        ))
    };
    if image.is_empty()
        || image
            .chars()
            .any(|c| c.is_whitespace() || "<>\"'{}|\\^`".contains(c))
    {
        return fail("the image name contains characters an image reference cannot have");
    }
    let name = image.split('@').next().unwrap_or(image);
    // The tag is after the last ':' that follows the last '/'.
    let (repo, tag) = match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => (&name[..i], Some(&name[i + 1..])),
        _ => (name, None),
    };
    if let Some(tag) = tag {
        if tag.is_empty()
            || tag.len() > 128
            || !tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            return fail("the tag is not valid");
        }
    }
    let mut parts: Vec<&str> = repo.split('/').collect();
    // A first component with a '.' or ':' (or localhost) is a registry host and may have capitals.
    if parts.len() > 1
        && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
    {
        parts.remove(0);
    }
    for p in parts {
        if p.is_empty() || p.chars().any(|c| c.is_ascii_uppercase()) {
            return fail("repository name must be lowercase");
        }
        if !p
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
            || p.starts_with(['.', '_', '-'])
            || p.ends_with(['.', '_', '-'])
        {
            return fail("the repository name is not valid");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::image_pull_error;

    #[test]
    fn image_references() {
        for ok in [
            "nginx",
            "nginx:1.27",
            "library/nginx:latest",
            "832211724292.dkr.ecr.us-east-1.amazonaws.com/pythonwebapp:latest",
            "localhost:5000/a/b",
            "public.ecr.aws/docker/library/busybox@sha256:abc",
            "my_app-2.web",
        ] {
            assert_eq!(image_pull_error(ok), None, "{ok}");
        }
        for bad in [
            "<image-from-ecr>",
            "PythonWebApp",
            "nginx:",
            "a b",
            "",
            "repo/Name:1",
            "nginx:lat est",
        ] {
            assert!(image_pull_error(bad).is_some(), "{bad}");
        }
    }
}
