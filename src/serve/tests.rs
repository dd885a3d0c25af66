use super::guard::{Denied, Guard, MAX_BODY};
use super::live::line_diff;

fn guard() -> Guard {
    Guard::new(7700, None, "t0ken".into())
}

#[test]
fn the_host_must_name_this_server() {
    let g = guard();
    assert!(g.host(Some("127.0.0.1:7700")).is_ok());
    assert!(g.host(Some("LOCALHOST:7700")).is_ok());
    for bad in [
        "evil.example:7700",
        "127.0.0.1",
        "127.0.0.1:7701",
        "127.0.0.1:7700.evil",
    ] {
        assert_eq!(
            g.host(Some(bad)).map_err(|Denied(s, _)| s),
            Err(421),
            "{bad}"
        );
    }
    assert!(g.host(None).is_err());
    let bound = Guard::new(7700, Some("192.0.2.10".parse().expect("ip")), String::new());
    assert!(bound.host(Some("192.0.2.10:7700")).is_ok());
    let any = Guard::new(7700, Some("0.0.0.0".parse().expect("ip")), String::new());
    assert!(any.host(Some("0.0.0.0:7700")).is_err());
}

#[test]
fn writes_need_token_same_origin_and_json() {
    let g = guard();
    assert!(g.token(Some("t0ken")).is_ok());
    assert!(g.token(Some("t0ke")).is_err());
    assert!(g.token(None).is_err());
    let json = Some("application/json; charset=utf-8");
    assert!(
        g.same_origin(Some("http://127.0.0.1:7700"), Some("same-origin"), json)
            .is_ok()
    );
    assert!(g.same_origin(None, None, json).is_ok());
    assert!(
        g.same_origin(Some("http://evil.example"), None, json)
            .is_err()
    );
    assert!(g.same_origin(None, Some("cross-site"), json).is_err());
    assert!(g.same_origin(None, None, Some("text/plain")).is_err());
    assert!(g.length(Some(MAX_BODY)).is_ok());
    assert!(g.length(Some(MAX_BODY + 1)).is_err());
}

#[test]
fn the_diff_shows_only_the_changed_lines() {
    let old = "# top\n\nMS-1\nMS-2  # why\n\nMS-3\n";
    let new = "# top\n\nMS-2  # now\nMS-1\n\nMS-3\n";
    assert_eq!(
        line_diff(old, new),
        ["-    4  MS-2  # why", "+    3  MS-2  # now"]
    );
    assert!(line_diff(old, old).is_empty());
}
