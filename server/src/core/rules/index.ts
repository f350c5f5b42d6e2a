// The rule registry: every rule, in the order their findings are documented.
import type { Rule } from "./api";
import yamlSyntax from "./yaml-syntax";
import fileTooLarge from "./file-too-large";
import fileUnreadable from "./file-unreadable";
import schema from "./schema";
import duplicateId from "./duplicate-id";
import duplicateManifest from "./duplicate-manifest";
import unknownRole from "./unknown-role";
import unknownAsset from "./unknown-asset";
import unknownRisk from "./unknown-risk";
import unknownControl from "./unknown-control";
import unknownClause from "./unknown-clause";
import reviewOverdue from "./review-overdue";
import reviewDueSoon from "./review-due-soon";
import roleVacant from "./role-vacant";
import clause53Unassigned from "./clause-5.3-unassigned";
import riskAboveAppetite from "./risk-above-appetite";
import acceptanceExpired from "./acceptance-expired";
import riskNoControls from "./risk-no-controls";
import residualAboveInherent from "./residual-above-inherent";
import soaMissingControl from "./soa-missing-control";
import soaNoJustification from "./soa-no-justification";
import soaControlUnmapped from "./soa-control-unmapped";
import auditCoverageGap from "./audit-coverage-gap";
import auditOverdue from "./audit-overdue";
import findingNoAction from "./finding-no-action";
import actionOverdue from "./action-overdue";
import incidentNoLessons from "./incident-no-lessons";
import breachNotificationLate from "./breach-notification-late";
import documentMissingFile from "./document-missing-file";
import trainingOverdue from "./training-overdue";
import awarenessBelowTarget from "./awareness-below-target";
import questionnaireOutstanding from "./questionnaire-outstanding";

export const RULES: readonly Rule[] = [
  yamlSyntax,
  fileTooLarge,
  fileUnreadable,
  schema,
  duplicateId,
  duplicateManifest,
  unknownRole,
  unknownAsset,
  unknownRisk,
  unknownControl,
  unknownClause,
  reviewOverdue,
  reviewDueSoon,
  roleVacant,
  clause53Unassigned,
  riskAboveAppetite,
  acceptanceExpired,
  riskNoControls,
  residualAboveInherent,
  soaMissingControl,
  soaNoJustification,
  soaControlUnmapped,
  auditCoverageGap,
  auditOverdue,
  findingNoAction,
  actionOverdue,
  incidentNoLessons,
  breachNotificationLate,
  documentMissingFile,
  trainingOverdue,
  awarenessBelowTarget,
  questionnaireOutstanding,
];

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
