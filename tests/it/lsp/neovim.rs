//! End to end with a real editor: headless Neovim starts `backlog lsp` for Markdown files,
//! opens a broken item of a fixture backlog, waits for the diagnostics and writes them to a
//! file (code, line, column, message) that the test compares with `lint --format json`.

use super::canonical;
use crate::support::{TestRepo, hermetic_in};
use std::time::Duration;

/// A ready story with ASCII text only, so Neovim's byte columns are lint's columns.
const BROKEN_ASCII: &str = "+++\ntitle = \"Teams page\"\nkind = \"story\"\nstate = \"ready\"\nvalue = \"Admins save time\"\nestimate = 12\ntagz = [\"ux\"]\n+++\n\n## Acceptance criteria\n\n- [ ] Paged table\n";

/// Starts the server with `vim.lsp.start` (Neovim 0.8 and later) or, on older releases,
/// `vim.lsp.start_client` and `buf_attach_client`; waits up to 20 s for diagnostics.
const INIT_LUA: &str = r#"
local bin, root, out = os.getenv("BACKLOG"), os.getenv("BACKLOG_ROOT"), os.getenv("BACKLOG_OUT")
local function attach(buf)
  local config = { name = "backlog", cmd = { bin, "lsp" }, root_dir = root }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = buf })
  else
    local id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, id)
  end
end
vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function(args) attach(args.buf) end,
})
vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    local lines = {}
    if not ok then table.insert(lines, "TIMEOUT") end
    local found = vim.diagnostic.get(buf)
    table.sort(found, function(a, b)
      if a.lnum ~= b.lnum then return a.lnum < b.lnum end
      return a.col < b.col
    end)
    for _, d in ipairs(found) do
      table.insert(lines, string.format("%s %d:%d %s", d.code, d.lnum + 1, d.col + 1, d.message))
    end
    vim.fn.writefile(lines, out)
    vim.cmd("qa!")
  end,
})
"#;

#[test]
#[ignore = "needs nvim"]
fn neovim_shows_lints_findings_for_a_broken_item() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-teams.md", BROKEN_ASCII);
    repo.ranking("MS-1\n");
    let init = repo.write("nvim/init.lua", INIT_LUA);
    let out = repo.path().join("nvim/diagnostics.txt");
    let item = canonical(&repo).join("backlog/items/MS-1-teams.md");
    let mut cmd = hermetic_in("nvim", repo.path());
    cmd.args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg(&item)
        .env("BACKLOG_ROOT", canonical(&repo))
        .env("BACKLOG_OUT", &out)
        .env("XDG_STATE_HOME", repo.path().join("nvim/state"))
        .env("XDG_DATA_HOME", repo.path().join("nvim/data"));
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("nvim cannot start ({e}): install neovim"));
    let end = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .unwrap_or_else(|e| panic!("wait nvim: {e}"))
        {
            break status;
        }
        if std::time::Instant::now() > end {
            let _ = child.kill();
            panic!("nvim did not quit within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "nvim exited with {status}");
    let got = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("no diagnostics file: {e}"));
    // The transcript, for the record (run with --nocapture to see it).
    #[allow(clippy::print_stdout)]
    {
        println!("{got}");
    }
    let (_, findings) = repo.lint_json(&[]);
    let mut want: Vec<(u64, u64, String)> = findings
        .iter()
        .filter(|f| f.path == "backlog/items/MS-1-teams.md")
        .map(|f| {
            (
                f.line,
                f.column,
                format!("{} {}:{} {}", f.rule, f.line, f.column, f.message),
            )
        })
        .collect();
    want.sort();
    let want: Vec<String> = want.into_iter().map(|w| w.2).collect();
    assert!(
        want.len() >= 4,
        "the fixture is broken in several ways: {want:?}"
    );
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}
