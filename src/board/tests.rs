use super::charts::{date_of, day_number};
use super::html::{body, escape, script_json};

#[test]
fn text_is_escaped_for_html() {
    assert_eq!(
        escape(r#"<img src=x onerror="alert(1)">&'"#),
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;"
    );
}

#[test]
fn json_cannot_close_its_script_block() {
    let out = script_json(r#"{"t":"</script><!-- &"}"#);
    assert!(!out.contains("</") && !out.contains("<!--") && !out.contains('&'));
    let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
    assert_eq!(back["t"], "</script><!-- &");
}

#[test]
fn bodies_lose_scripts_handlers_and_javascript_links() {
    let html = body(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) \
         <a href=\"https://example.com\" onclick=\"alert(1)\">ok</a>\n\n- [x] done\n",
    );
    for bad in ["<script", "onerror", "onclick", "javascript:", "<img"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("noopener"), "{html}");
    assert!(html.contains("checkbox"), "{html}");
}

#[test]
fn dates_round_trip_and_weeks_start_on_monday() {
    assert_eq!(day_number("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(
        date_of(day_number("2026-12-03T10:00:00+01:00").expect("date")),
        "2026-12-03"
    );
    assert_eq!(day_number("2026-13-01"), None);
    let e = |time: &str, from, to| crate::history::Event {
        id: "MS-1".into(),
        commit: crate::git::CommitInfo {
            commit: "c".into(),
            author: "a".into(),
            email: "e".into(),
            time: time.into(),
            message: String::new(),
        },
        from,
        to,
        reason: None,
        reason_source: "line".into(),
        ambiguous: false,
        other_reading: None,
        left_as: None,
        renamed_from: None,
        explicit: false,
        moved: true,
        ranked_total: 1,
        offset: None,
    };
    let weeks = super::charts::weeks(&[
        e("2026-11-25T10:00:00Z", None, Some(1)),
        e("2026-12-03T10:00:00Z", Some(1), Some(2)),
        e("2026-12-03T11:00:00Z", Some(2), Some(2)),
    ]);
    let got: Vec<(&str, usize)> = weeks.iter().map(|w| (w.start.as_str(), w.moves)).collect();
    assert_eq!(got, [("2026-11-23", 1), ("2026-11-30", 1)]);
}
