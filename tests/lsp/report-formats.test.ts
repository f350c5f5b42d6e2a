// The language server offers the formats the CLI has (the Generate Report command lists what it is
// told): xlsx for the registers, pdf for every report; an xlsx comes back as base64 bytes with its file
// name; pdf is refused in a folder the editor does not trust (it would run a browser), and a missing
// browser is an error message, not a crash.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ReportRequest, ReportTypesRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, startClient, type Client } from "./client";

const dirs: string[] = [];
const clients: Client[] = [];
after(async () => {
  for (const c of clients)
    if (c.proc.exitCode === null && c.proc.signalCode === null) await c.shutdown().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function client(opts: Parameters<typeof startClient>[1] = {}): Promise<Client> {
  const dir = copyOf(EXAMPLE);
  dirs.push(dir);
  const c = await startClient(dir, opts);
  clients.push(c);
  return c;
}

describe("report formats over LSP", () => {
  test("xlsx for the registers, pdf for all; an xlsx as base64 with its file name", async () => {
    const c = await client();
    const types = await c.conn.sendRequest(ReportTypesRequest, {});
    const formats = new Map(types.map((t) => [t.id, t.formats]));
    assert.deepEqual(formats.get("soa"), ["md", "html", "csv", "docx", "xlsx", "pdf"]);
    assert.deepEqual(formats.get("roles"), ["md", "html", "docx", "pdf"]);
    assert.deepEqual(formats.get("risk-register")?.slice(-2), ["xlsx", "pdf"]);
    const r = await c.conn.sendRequest(ReportRequest, { type: "risk-register", format: "xlsx" });
    assert.equal(r.encoding, "base64");
    assert.equal(r.fileName, "risk-register.xlsx");
    const zip = Buffer.from(r.data, "base64");
    assert.equal(zip.subarray(0, 2).toString("latin1"), "PK");
  });

  test("pdf: refused in an untrusted folder; without a browser, an error naming how to get one", async () => {
    const untrusted = await client({ initializationOptions: { trusted: false } });
    await assert.rejects(
      untrusted.conn.sendRequest(ReportRequest, { type: "soa", format: "pdf" }),
      /trusted folder/,
    );
    const empty = mkdtempSync(join(tmpdir(), "isms-nobrowser-"));
    dirs.push(empty);
    const noBrowser = await client({ env: { PATH: empty, ISMS_BROWSER: "" } });
    await assert.rejects(
      noBrowser.conn.sendRequest(ReportRequest, { type: "soa", format: "pdf" }),
      /no browser found to print the PDF.*--browser PATH or ISMS_BROWSER/,
    );
  });
});
