// The record kinds, one line each, in the order they are documented (roughly the standard's clauses:
// context, leadership, planning, support, operation, performance evaluation, improvement). A kind is
// one folder: see api.ts.
import type { KindDef } from "./api";
import isms from "./isms/kind";
import context from "./context/kind";
import parties from "./parties/kind";
import obligations from "./obligations/kind";
import roles from "./roles/kind";
import assets from "./assets/kind";
import risks from "./risks/kind";
import soa from "./soa/kind";
import exceptions from "./exceptions/kind";
import audits from "./audits/kind";
import incidents from "./incidents/kind";
import services from "./services/kind";
import continuity from "./continuity/kind";
import contacts from "./contacts/kind";
import documents from "./documents/kind";
import training from "./training/kind";
import suppliers from "./suppliers/kind";
import requests from "./requests/kind";
import answers from "./answers/kind";
import metrics from "./metrics/kind";
import objectives from "./objectives/kind";
import meetings from "./meetings/kind";
import improvements from "./improvements/kind";

export const BUILTIN_KINDS: readonly KindDef[] = [
  isms,
  context,
  parties,
  obligations,
  contacts,
  roles,
  assets,
  risks,
  soa,
  exceptions,
  objectives,
  documents,
  training,
  suppliers,
  requests,
  answers,
  incidents,
  services,
  continuity,
  metrics,
  audits,
  meetings,
  improvements,
];
