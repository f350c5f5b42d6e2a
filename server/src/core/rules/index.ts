// The cross-kind rules, in the order they are documented (each kind's own rules follow, from its folder:
// see registry.ts). The reference rules `unknown-<kind>` are made for each kind that fields reference.
import type { EntryInfo } from "../registry";
import actionOverdue from "./action-overdue";
import type { Rule } from "./api";
import duplicateId from "./duplicate-id";
import duplicateManifest from "./duplicate-manifest";
import entriesUnreadable from "./entries-unreadable";
import fileTooComplex from "./file-too-complex";
import fileTooLarge from "./file-too-large";
import fileUnreadable from "./file-unreadable";
import mandatoryRecordMissing from "./mandatory-record-missing";
import pathOutsideWorkspace from "./path-outside-workspace";
import linkedFileMissing from "./linked-file-missing";
import placeholderText from "./placeholder-text";
import reviewDueSoon from "./review-due-soon";
import reviewOverdue from "./review-overdue";
import revisionUnrecorded from "./revision-unrecorded";
import schema from "./schema";
import unknownKind from "./unknown-kind";
import valueChangedByYaml from "./value-changed-by-yaml";
import { unknownIdRule } from "./shared";
import unknownClause from "./unknown-clause";
import unknownControl from "./unknown-control";
import unknownReference from "./unknown-reference";
import yamlSyntax from "./yaml-syntax";

export function coreRules(registry: { referenceable: readonly EntryInfo[] }): Rule[] {
  return [
    yamlSyntax,
    entriesUnreadable,
    fileTooLarge,
    fileTooComplex,
    fileUnreadable,
    pathOutsideWorkspace,
    linkedFileMissing,
    unknownKind,
    schema,
    valueChangedByYaml,
    duplicateId,
    duplicateManifest,
    ...registry.referenceable.map(unknownIdRule),
    unknownReference,
    unknownControl,
    unknownClause,
    reviewOverdue,
    reviewDueSoon,
    actionOverdue,
    placeholderText,
    mandatoryRecordMissing,
    revisionUnrecorded,
  ];
}
