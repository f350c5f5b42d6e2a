-- Headless Neovim 0.7 as a real LSP client of isms-language-server: opens the file given on the command
-- line, waits for its diagnostics, asks for a hover on the first one, writes both as JSON and quits.
local out = os.getenv("ISMS_PROBE_OUT")
local node = os.getenv("ISMS_NODE") or "node"
local server = os.getenv("ISMS_SERVER")
local root = os.getenv("ISMS_ROOT")

local function finish(result, ok)
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and "qall!" or "cquit! 1")
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local uri = vim.uri_from_bufnr(buf)
    local done = false
    local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
    vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      original(err, result, ctx, config)
      if done or result.uri ~= uri or #result.diagnostics == 0 then
        return
      end
      done = true
      vim.schedule(function()
        local list = {}
        for _, d in ipairs(vim.diagnostic.get(buf)) do
          local lsp = (d.user_data or {}).lsp or {}
          table.insert(list, {
            line = d.lnum + 1,
            code = d.code or lsp.code,
            severity = d.severity,
            message = d.message,
            source = d.source,
          })
        end
        local first = result.diagnostics[1]
        local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
          textDocument = { uri = uri },
          position = first.range.start,
        }, 5000)
        local hover = ""
        for _, r in pairs(responses or {}) do
          if r.result and r.result.contents then
            hover = r.result.contents.value or ""
          end
        end
        finish({ diagnostics = list, hover = hover }, true)
      end)
    end
    local client = vim.lsp.start_client({
      name = "isms",
      cmd = { node, server, "--stdio" },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = "isms" } },
    })
    vim.lsp.buf_attach_client(buf, client)
    vim.defer_fn(function()
      finish({ error = "timed out waiting for diagnostics" }, false)
    end, 20000)
  end,
})
