// The record kinds, one line each, in the order they are documented. A kind is one folder: see api.ts.
import type { KindDef } from "./api";
import isms from "./isms/kind";
import roles from "./roles/kind";
import assets from "./assets/kind";
import risks from "./risks/kind";
import soa from "./soa/kind";
import audits from "./audits/kind";
import incidents from "./incidents/kind";
import documents from "./documents/kind";
import training from "./training/kind";
import suppliers from "./suppliers/kind";

export const BUILTIN_KINDS: readonly KindDef[] = [
  isms,
  roles,
  assets,
  risks,
  soa,
  audits,
  incidents,
  documents,
  training,
  suppliers,
];
