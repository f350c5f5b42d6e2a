// The workspace manifest (one per workspace): organisation, scope, risk method, review defaults (one
// `reviews:` key per reviewed kind, added from the registry) and rule settings.
import { defineKind } from "../api";
import schema from "./schema.json";

export default defineKind({ kind: "isms", title: "ISMS manifest", schema });
