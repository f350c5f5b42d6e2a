// The connection's transport, as the command line asks (--stdio, --node-ipc, --socket=N, --pipe=NAME),
// with two guards in front of the protocol library:
// - over stdio the framing is read strictly. A header without a valid Content-Length (not a number,
//   negative, above MAX_MESSAGE_BYTES), a header section that never ends, or a charset other than UTF-8
//   loses the framing for good: the server says why on stderr and exits with 1, so that the client
//   restarts it, instead of staying alive but deaf (the library's reader reports such a header and then
//   reads the next bytes as a header, or waits for ever for a body that never comes). A body that is not
//   JSON keeps the framing: it is reported, and the next message is read.
// - after `shutdown`, requests are answered with InvalidRequest and notifications other than `exit` are
//   dropped (LSP). The gate sits in the reader, so a request that follows shutdown in the same read is
//   refused too.
import {
  AbstractMessageReader,
  createServerPipeTransport,
  createServerSocketTransport,
  Disposable,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  StreamMessageWriter,
  type DataCallback,
  type MessageReader,
  type MessageWriter,
  type ResponseMessage,
} from "vscode-languageserver/node";
import { encodeMessage } from "./diagnostics";

/** The largest message body read (a 50 MB file opened in the editor still fits). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;
const CRLF2 = Buffer.from("\r\n\r\n", "ascii");

/** The Content-Length of a header section, or why the header is refused. */
export function contentLength(header: string): number | string {
  let length: number | undefined;
  for (const line of header.split("\r\n")) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) return `malformed header line ${JSON.stringify(line.slice(0, 100))}`;
    const name = m[1].toLowerCase();
    const value = m[2];
    if (name === "content-length") {
      if (!/^[0-9]{1,16}$/.test(value)) return `Content-Length is not a length: ${JSON.stringify(value)}`;
      const n = Number(value);
      if (n > MAX_MESSAGE_BYTES) return `Content-Length ${n} is over the ${MAX_MESSAGE_BYTES} byte limit`;
      if (length !== undefined && length !== n) return "two different Content-Length headers";
      length = n;
    } else if (name === "content-type") {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1].toLowerCase();
      if (charset && charset !== "utf-8" && charset !== "utf8") return `unsupported charset ${charset}`;
    }
  }
  return length ?? "no Content-Length header";
}

/** Reads `Content-Length`-framed JSON-RPC messages from a stream; `fatal` is called when framing is lost. */
export class StrictStreamReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The length of the body being read; -1 while reading a header. */
  private length = -1;
  private dead = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly fatal: (why: string) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (b: Buffer | string) => {
      try {
        this.data(typeof b === "string" ? Buffer.from(b, "utf8") : b, callback);
      } catch (e) {
        this.fireError(e);
      }
    };
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.input.on("data", onData);
    this.input.on("error", onError);
    this.input.on("end", onClose);
    this.input.on("close", onClose);
    return Disposable.create(() => {
      this.input.off("data", onData);
      this.input.off("error", onError);
      this.input.off("end", onClose);
      this.input.off("close", onClose);
    });
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
  }

  private lose(why: string): void {
    this.dead = true;
    this.chunks = [];
    this.size = 0;
    this.fatal(why);
  }

  private data(b: Buffer, callback: DataCallback): void {
    if (this.dead) return;
    this.chunks.push(b);
    this.size += b.length;
    for (;;) {
      if (this.length < 0) {
        const buf = this.joined();
        const end = buf.indexOf(CRLF2);
        if (end < 0) {
          if (buf.length > MAX_HEADER_BYTES) this.lose(`no end of header in ${buf.length} bytes`);
          return;
        }
        const length = contentLength(buf.subarray(0, end).toString("latin1"));
        if (typeof length === "string") return this.lose(length);
        this.keep(buf.subarray(end + CRLF2.length));
        this.length = length;
      }
      if (this.size < this.length) return; // the rest of the body is on its way
      const buf = this.joined();
      const body = buf.subarray(0, this.length).toString("utf8");
      this.keep(buf.subarray(this.length));
      this.length = -1;
      let message: unknown;
      try {
        message = JSON.parse(body);
      } catch (e) {
        this.fireError(new Error(`A message is not JSON (${(e as Error).message}); it is skipped`));
        continue;
      }
      if (!message || typeof message !== "object" || Array.isArray(message)) {
        this.fireError(new Error("A message is not a JSON-RPC object; it is skipped"));
        continue;
      }
      callback(message as Message);
    }
  }
}

/** Refuses requests after `shutdown` (see the top of this file); everything else passes through. */
export class ShutdownGate extends AbstractMessageReader {
  private shutdown = false;

  constructor(
    private readonly inner: MessageReader,
    private readonly respond: (response: ResponseMessage) => void,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.shutdown && Message.isRequest(message)) {
        this.respond({
          jsonrpc: "2.0",
          id: message.id,
          error: { code: ErrorCodes.InvalidRequest, message: `The server is shut down: ${message.method}` },
        });
        return;
      }
      if (this.shutdown && Message.isNotification(message) && message.method !== "exit") return;
      if (Message.isRequest(message) && message.method === "shutdown") this.shutdown = true;
      callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
    super.dispose();
  }
}

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Over stdio, stdout carries the protocol: console output must go elsewhere. */
  stdio: boolean;
}

/** The value of `--name=value` or `--name value`. */
function option(args: string[], i: number, name: string): string | undefined {
  const a = args[i];
  if (a === name) return args[i + 1];
  return a.startsWith(`${name}=`) ? a.slice(name.length + 1) : undefined;
}

/** The transport the command line asks for (the first transport option wins); undefined: none given. */
export function transport(args: string[], fatal: (why: string) => void): Transport | undefined {
  let base: { reader: MessageReader; writer: MessageWriter; stdio: boolean } | undefined;
  for (let i = 0; i < args.length && !base; i++) {
    const a = args[i];
    const socket = option(args, i, "--socket");
    const pipe = option(args, i, "--pipe");
    if (a === "--stdio")
      base = {
        reader: new StrictStreamReader(process.stdin, fatal),
        writer: new StreamMessageWriter(process.stdout, {
          charset: "utf-8",
          contentTypeEncoder: {
            name: "application/json",
            encode: (msg) => Promise.resolve(encodeMessage(msg)),
          },
        }),
        stdio: true,
      };
    else if (a === "--node-ipc")
      base = { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    else if (socket !== undefined && Number.parseInt(socket) > 0) {
      const [reader, writer] = createServerSocketTransport(Number.parseInt(socket));
      base = { reader, writer, stdio: false };
    } else if (pipe !== undefined) {
      const [reader, writer] = createServerPipeTransport(pipe);
      base = { reader, writer, stdio: false };
    }
  }
  if (!base) return undefined;
  const { writer } = base;
  const reader = new ShutdownGate(base.reader, (r) => {
    writer.write(r).catch(() => undefined);
  });
  return { reader, writer, stdio: base.stdio };
}
