import { defineRule } from "./api";

export default defineRule({
  id: "unknown-kind",
  severity: "error",
  doc: "A YAML file looks like an ISMS file but is not read as one: its top-level `kind:` is near an ISMS kind (a typo, singular for plural, another case), or it has an ISMS collection key (`risks:`, `roles:`, ...) with no `kind:` or another one. Its entries count nowhere until the kind is right. Files of other tools (with `apiVersion:`, CI workflows, compose files) are never reported.",
  fix: "Write the kind the file is meant to be (the quick fix does), e.g. `kind: risks` for a risk register.",
  messages: {
    near: "'{{value}}' is not an ISMS kind (did you mean '{{kind}}'?): the file is not read as an ISMS file",
    collectionNoKind:
      "This file lists '{{key}}:' but has no 'kind: {{kind}}': it is not read as an ISMS file",
    collectionOtherKind:
      "This file lists '{{key}}:' but its kind is '{{value}}', not '{{kind}}': it is not read as an ISMS file",
  },
  fixes({ index, file, range, messageId, data }) {
    const miss = index.nearMisses.find((m) => m.file.path === file.path)?.miss;
    if (!miss) return [];
    const kind = String(data.kind);
    // A kind line that is missing is added at the top; a wrong value is replaced.
    const edit =
      messageId === "collectionNoKind"
        ? {
            file,
            range: [0, 0] as [number, number],
            newText: `kind: ${kind}${file.lines.text.includes("\r\n") ? "\r\n" : "\n"}`,
          }
        : { file, range, newText: kind };
    return [
      {
        title: messageId === "collectionNoKind" ? `Add 'kind: ${kind}'` : `Change the kind to '${kind}'`,
        edits: [edit],
        preferred: true,
      },
    ];
  },
  check(ctx) {
    for (const m of ctx.index.nearMisses) {
      const data = { value: m.miss.value, kind: m.miss.kind, key: m.miss.key ?? "" };
      const id =
        m.miss.problem === "near" ? "near" : m.miss.value ? "collectionOtherKind" : "collectionNoKind";
      ctx.report(m.file, m.miss.range, id, data);
    }
  },
});
