//! `backlog serve` over real sockets on 127.0.0.1, with hand-written HTTP requests: the
//! guards (token, Host, origin, body size) and the writes (a move is `rank`'s move, a stale
//! page writes nothing, a field change keeps every other byte).

use super::{embedded, fixture};
use crate::support::TestRepo;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Stdio};

/// A running `backlog serve --port 0`, stopped when dropped.
pub struct Served {
    child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    pub fn start(repo: &TestRepo) -> Served {
        let mut child = repo
            .spawn_command(&["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn serve: {e}"));
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
        BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("read serve's first line: {e}"));
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Served { child, port }
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Sends `head` (request line and headers, without the blank line) and `body`; returns
    /// the status and the body.
    pub fn raw(&self, head: &str, body: &str) -> (u16, String) {
        let mut stream =
            TcpStream::connect(("127.0.0.1", self.port)).unwrap_or_else(|e| panic!("connect: {e}"));
        let request = format!("{head}\r\nConnection: close\r\n\r\n{body}");
        stream
            .write_all(request.as_bytes())
            .unwrap_or_else(|e| panic!("send: {e}"));
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_owned();
        (status, body)
    }

    pub fn host(&self) -> String {
        format!("Host: 127.0.0.1:{}", self.port)
    }

    /// The page's embedded view (token, ranking version).
    pub fn view(&self) -> serde_json::Value {
        let (status, page) = self.raw(&format!("GET / HTTP/1.1\r\n{}", self.host()), "");
        assert_eq!(status, 200, "{page}");
        embedded(&page)
    }

    /// A POST as the page's script sends it, plus `extra` header lines.
    pub fn post(&self, path: &str, token: &str, body: &str, extra: &str) -> (u16, String) {
        let mut head = format!(
            "POST {path} HTTP/1.1\r\n{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nOrigin: http://127.0.0.1:{}\r\nSec-Fetch-Site: same-origin",
            self.host(),
            body.len(),
            self.port
        );
        if !token.is_empty() {
            head.push_str(&format!("\r\nX-Backlog-Token: {token}"));
        }
        if !extra.is_empty() {
            head.push_str("\r\n");
            head.push_str(extra);
        }
        self.raw(&head, body)
    }
}

fn live(view: &serde_json::Value) -> (String, String) {
    (
        view["live"]["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        view["live"]["ranking_version"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

fn move_body(id: &str, to: usize, reason: &str, version: &str) -> String {
    serde_json::json!({ "id": id, "to": to, "reason": reason, "version": version }).to_string()
}

const RANKING: &str = "backlog/ranking.txt";

#[test]
fn writes_need_the_pages_token() {
    let repo = fixture();
    let served = Served::start(&repo);
    let (token, version) = live(&served.view());
    assert_eq!(token.len(), 48, "token {token:?}");
    let before = repo.read(RANKING);
    let body = move_body("MS-4", 1, "playoffs are next week", &version);
    let (status, answer) = served.post("/api/move", "", &body, "");
    assert_eq!(status, 403, "{answer}");
    assert!(answer.contains("missing X-Backlog-Token"), "{answer}");
    let (status, _) = served.post("/api/move", &"0".repeat(48), &body, "");
    assert_eq!(status, 403);
    let (status, _) = served.raw(&format!("GET /data.json HTTP/1.1\r\n{}", served.host()), "");
    assert_eq!(status, 403, "the data needs the token too");
    assert_eq!(
        repo.read(RANKING),
        before,
        "a refused write changed ranking.txt"
    );
    // A second server has another token.
    let other = Served::start(&repo);
    assert_ne!(live(&other.view()).0, token);
}

#[test]
fn a_host_that_is_not_this_server_is_refused() {
    let repo = fixture();
    let served = Served::start(&repo);
    for host in [
        format!("Host: attacker.example:{}", served.port),
        "Host: 127.0.0.1".to_owned(),
        format!("Host: 127.0.0.1:{}", served.port + 1),
    ] {
        let (status, body) = served.raw(&format!("GET / HTTP/1.1\r\n{host}"), "");
        assert_eq!(status, 421, "{host}: {body}");
        assert!(!body.contains("board-data"), "{host} got the page");
    }
    let (status, _) = served.raw(
        &format!("GET / HTTP/1.1\r\nHost: localhost:{}", served.port),
        "",
    );
    assert_eq!(status, 200);
}

#[test]
fn cross_origin_and_non_json_writes_are_refused() {
    let repo = fixture();
    let served = Served::start(&repo);
    let (token, version) = live(&served.view());
    let before = repo.read(RANKING);
    let body = move_body("MS-4", 1, "x", &version);
    for (extra, status) in [
        ("Origin: http://attacker.example", 403),
        ("Origin: null", 403),
        ("Sec-Fetch-Site: cross-site", 403),
        ("Sec-Fetch-Site: same-site", 403),
    ] {
        // A second Origin or Sec-Fetch-Site line: the server reads the first, so send a
        // request with only the hostile one.
        let head = format!(
            "POST /api/move HTTP/1.1\r\n{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Backlog-Token: {token}\r\n{extra}",
            served.host(),
            body.len()
        );
        let (got, answer) = served.raw(&head, &body);
        assert_eq!(got, status, "{extra}: {answer}");
    }
    let head = format!(
        "POST /api/move HTTP/1.1\r\n{}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nX-Backlog-Token: {token}",
        served.host(),
        body.len()
    );
    assert_eq!(served.raw(&head, &body).0, 415);
    assert_eq!(repo.read(RANKING), before);
}

#[test]
fn an_oversized_body_is_refused_unread() {
    let repo = fixture();
    let served = Served::start(&repo);
    let (token, version) = live(&served.view());
    let before = repo.read(RANKING);
    let reason = "x".repeat(20_000);
    let (status, answer) = served.post(
        "/api/move",
        &token,
        &move_body("MS-4", 1, &reason, &version),
        "",
    );
    assert_eq!(status, 413, "{answer}");
    // A declared length over the limit is refused before the body is sent.
    let head = format!(
        "POST /api/move HTTP/1.1\r\n{}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nX-Backlog-Token: {token}",
        served.host()
    );
    assert_eq!(served.raw(&head, "{}").0, 413);
    assert_eq!(repo.read(RANKING), before);
}

#[test]
fn a_move_is_what_rank_writes_one_line_out_one_line_in() {
    let repo = fixture();
    let served = Served::start(&repo);
    let (token, version) = live(&served.view());
    let before = repo.read(RANKING);
    let (status, answer) = served.post(
        "/api/move",
        &token,
        &move_body("MS-4", 2, "playoffs are next week", &version),
        "",
    );
    assert_eq!(status, 200, "{answer}");
    let after = repo.read(RANKING);
    let gone: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let new: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(gone, ["MS-4  # playoffs"]);
    assert_eq!(new.len(), 1, "{after}");
    assert!(
        new[0].starts_with("MS-4") && new[0].ends_with("# playoffs are next week"),
        "{new:?}"
    );
    assert_eq!(after.lines().nth(1), Some(new[0]));
    // Byte for byte what `backlog rank` writes for the same move.
    repo.write(RANKING, &before);
    repo.backlog(&[
        "rank",
        "MS-4",
        "--to",
        "2",
        "--reason",
        "playoffs are next week",
    ])
    .code(0);
    assert_eq!(repo.read(RANKING), after);
    // The page then shows the diff against HEAD and the command to commit it; nothing is
    // committed.
    repo.write(RANKING, &after);
    let view = served.view();
    let diff: Vec<String> =
        serde_json::from_value(view["live"]["diff"].clone()).unwrap_or_default();
    assert!(
        diff.iter()
            .any(|l| l.starts_with('+') && l.ends_with("# playoffs are next week")),
        "{diff:?}"
    );
    assert!(
        diff.iter()
            .any(|l| l.starts_with('-') && l.ends_with("MS-4  # playoffs")),
        "{diff:?}"
    );
    let commit = view["live"]["commit"].as_str().unwrap_or_default();
    assert!(
        commit.starts_with("git commit") && commit.contains("backlog/ranking.txt"),
        "{commit}"
    );
    assert_eq!(repo.git_ok(&["rev-list", "--count", "HEAD"]).trim(), "2");
}

#[test]
fn a_move_up_without_a_reason_and_a_stale_page_write_nothing() {
    let repo = fixture();
    let served = Served::start(&repo);
    let (token, version) = live(&served.view());
    let before = repo.read(RANKING);
    let (status, answer) =
        served.post("/api/move", &token, &move_body("MS-4", 1, "", &version), "");
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("say why"), "{answer}");
    assert_eq!(repo.read(RANKING), before);
    // Someone edits ranking.txt on disk after the page was drawn: the page's move is refused.
    let edited = format!("{before}# a comment saved in an editor\n");
    repo.write(RANKING, &edited);
    let (status, answer) = served.post(
        "/api/move",
        &token,
        &move_body("MS-4", 1, "why", &version),
        "",
    );
    assert_eq!(status, 409, "{answer}");
    assert!(answer.contains("changed on disk"), "{answer}");
    assert_eq!(repo.read(RANKING), edited, "the other edit was lost");
    // With the refreshed version it goes through.
    let (_, fresh) = live(&served.view());
    assert_ne!(fresh, version);
    let (status, answer) = served.post(
        "/api/move",
        &token,
        &move_body("MS-4", 1, "why", &fresh),
        "",
    );
    assert_eq!(status, 200, "{answer}");
    assert!(
        repo.read(RANKING)
            .ends_with("# a comment saved in an editor\n")
    );
}

#[test]
fn state_and_owner_changes_keep_every_other_byte() {
    let repo = fixture();
    let path = "backlog/items/MS-1-teams.md";
    let original = repo
        .read(path)
        .replace("kind = \"story\"\n", "kind = \"story\"  # what it is\r\n");
    repo.write(path, &original);
    let served = Served::start(&repo);
    let (token, _) = live(&served.view());
    let field = |field: &str, value: &str| {
        let body = serde_json::json!({ "id": "ms-1", "field": field, "value": value }).to_string();
        served.post("/api/field", &token, &body, "")
    };
    let (status, answer) = field("state", "doing");
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        repo.read(path),
        original.replace("state = \"ready\"", "state = \"doing\"")
    );
    let (status, _) = field("owner", "sam@midwest.example");
    assert_eq!(status, 200);
    let expected = original
        .replace("state = \"ready\"", "state = \"doing\"")
        .replace(
            "owner = \"dana@midwest.example\"",
            "owner = \"sam@midwest.example\"",
        );
    assert_eq!(repo.read(path), expected);
    // Refused: a state backlog.toml does not define, another field, an ID that is a path.
    for (field_name, value, id) in [
        ("state", "shipped", "MS-1"),
        ("title", "new", "MS-1"),
        ("state", "done", "../../backlog.toml"),
        ("state", "done", "MS-99"),
    ] {
        let body = serde_json::json!({ "id": id, "field": field_name, "value": value }).to_string();
        let (status, answer) = served.post("/api/field", &token, &body, "");
        assert_eq!(status, 422, "{field_name} {value} {id}: {answer}");
    }
    assert_eq!(repo.read(path), expected);
    let view = served.view();
    let commit = view["live"]["commit"].as_str().unwrap_or_default();
    assert!(commit.contains("backlog/items/MS-1-teams.md"), "{commit}");
}

#[test]
fn bind_says_what_it_exposes_and_a_taken_port_or_no_backlog_exits_2() {
    let repo = fixture();
    let mut child = repo
        .spawn_command(&["serve", "--port", "0", "--bind", "0.0.0.0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn serve: {e}"));
    let mut reader = BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("stdout")));
    let mut text = String::new();
    for _ in 0..3 {
        reader
            .read_line(&mut text)
            .unwrap_or_else(|e| panic!("read: {e}"));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(text.contains("warning: listening on 0.0.0.0:"), "{text}");
    assert!(text.contains("anyone who can reach that address"), "{text}");
    assert!(text.contains("Host header"), "{text}");
    let served = Served::start(&repo);
    repo.backlog(&["serve", "--port", &served.port.to_string()])
        .code(2)
        .stderr_has(&format!("cannot listen on 127.0.0.1:{}", served.port));
    let empty = TestRepo::plain();
    empty.backlog(&["serve", "--port", "0"]).code(2);
}

#[test]
fn a_malformed_or_impossible_move_is_refused_with_nothing_written() {
    let repo = fixture();
    let served = Served::start(&repo);
    let (token, version) = live(&served.view());
    let before = repo.read(RANKING);
    for body in [
        "{not json".to_owned(),
        r#"{"id":"MS-4","to":1,"version":"v","path":"../x"}"#.to_owned(),
        move_body("MS-4", 0, "why", &version),
        move_body("MS-4", 99, "why", &version),
        move_body("MS-4", 1, "two\nlines", &version),
    ] {
        let (status, answer) = served.post("/api/move", &token, &body, "");
        assert_eq!(status, 422, "{body}: {answer}");
    }
    assert_eq!(repo.read(RANKING), before);
    let (status, _) = served.raw(
        &format!("GET /../backlog/backlog.toml HTTP/1.1\r\n{}", served.host()),
        "",
    );
    assert_eq!(status, 404);
    let (status, _) = served.raw(
        &format!("DELETE /api/move HTTP/1.1\r\n{}", served.host()),
        "",
    );
    assert_eq!(status, 405);
}
