-- Loaded after the README's Neovim 0.7 example in a headless Neovim with two YAML buffers open (-o):
-- waits until both have their diagnostics (and a second longer, for any late duplicate from a second
-- server), then writes the clients and every buffer's diagnostics as JSON and quits.
local out = os.getenv("ISMS_PROBE_OUT")

local function finish(result, ok)
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and "qall!" or "cquit! 1")
end

-- The buffers the user opened (publishDiagnostics for files not open makes unlisted buffers too).
local function opened()
  local list = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(buf) ~= "" and vim.api.nvim_buf_get_option(buf, "buflisted") then
      table.insert(list, buf)
    end
  end
  return list
end

local function snapshot()
  local buffers = {}
  for _, buf in ipairs(opened()) do
    local name = vim.api.nvim_buf_get_name(buf)
    do
      local list = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = (d.user_data or {}).lsp or {}
        table.insert(list, string.format("%s:%d:%s", d.code or lsp.code or "", d.lnum + 1, d.message))
      end
      local attached = {}
      for id, _ in pairs(vim.lsp.buf_get_clients(buf)) do
        table.insert(attached, id)
      end
      table.insert(buffers, { file = name, diagnostics = list, clients = attached })
    end
  end
  local ids = {}
  for _, c in ipairs(vim.lsp.get_active_clients()) do
    table.insert(ids, c.id)
  end
  return { clients = ids, buffers = buffers }
end

-- Wrapped at once (the example's servers start before VimEnter).
local published = {}
local settled = false
local function maybe_settle()
  if settled or vim.v.vim_did_enter == 0 then
    return
  end
  for _, buf in ipairs(opened()) do
    if not published[vim.uri_from_bufnr(buf)] then
      return
    end
  end
  settled = true
  vim.defer_fn(function()
    finish(snapshot(), true)
  end, 1000)
end

local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  original(err, result, ctx, config)
  published[result.uri] = true
  maybe_settle()
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    maybe_settle()
    vim.defer_fn(function()
      local s = snapshot()
      s.error = "timed out waiting for diagnostics of every buffer"
      finish(s, false)
    end, 20000)
  end,
})
