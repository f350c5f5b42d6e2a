// The register of documented information (clause 7.5).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import documentMissingFile from "./rules/document-missing-file";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    document: FieldsOf<typeof schema.definitions.document>;
  }
}

export default defineKind({
  kind: "documents",
  title: "Documents",
  schema,
  collection: {
    key: "documents",
    entry: {
      name: "document",
      one: "document",
      many: "documents",
      symbol: "File",
      firstId: "DOC-001",
      ownedRank: 4,
      refs: [
        { field: "owner", target: "role" },
        { field: "approved_by", target: "role" },
        { field: "refs", target: "ref", many: true },
      ],
      paths: [{ field: "path", missingFileRule: "document-missing-file" }],
      review: {
        clocks: ["reviewed", "approved_on"],
        every: {
          key: "documents",
          default: months(12),
          doc: "Default review interval of documents (12 months).",
        },
        name: "Document",
      },
    },
  },
  rules: [documentMissingFile],
});
