// Reports for the model and renderer tests: one with every field set (the demo bundle's diagnosis
// plus an unknown, a pass and an info), one with nothing optional set. Built by hand so a model or
// schema change shows up here, in one place.
#pragma once

#include "analyzer/model/report.h"

namespace wid::sample {

inline Finding trailing_slash_cause() {
  Finding f;
  f.fingerprint = "5f0c2a7d9e41b3c8";
  f.rule_id = "ISSUER_TRAILING_SLASH_MISMATCH";
  f.title = "Federated credential issuer differs from the token issuer only by a trailing '/'";
  f.group = "issuer";
  f.severity = Severity::kError;
  f.status = FindingStatus::kFail;
  f.confidence = Confidence::kHigh;
  f.kind = FindingKind::kCheck;
  f.subject =
      "/subscriptions/3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23/resourceGroups/capz-quickstart/"
      "providers/"
      "Microsoft.ManagedIdentity/userAssignedIdentities/capz-quickstart-identity/"
      "federatedIdentityCredentials/capz-manager";
  f.detail =
      "The credential's issuer ends with '/', the API server's does not.\n"
      "Entra compares issuers byte for byte.";
  f.evidence = {
      {"templates/kind-config.yaml", "14", "https://capzquickstartoidc.blob.core.windows.net/oidc",
       "", Difference::kNone},
      {"azure/federated-credentials/capz-quickstart-identity.json", "/0/issuer",
       "https://capzquickstartoidc.blob.core.windows.net/oidc/",
       "https://capzquickstartoidc.blob.core.windows.net/oidc", Difference::kTrailingSlash},
  };
  f.explains = {"AADSTS70021"};
  f.fix.summary = "Set the credential's issuer to the API server's, byte for byte.";
  f.fix.commands = {
      "az identity federated-credential update --name capz-manager --identity-name "
      "capz-quickstart-identity --resource-group capz-quickstart --issuer "
      "\"https://capzquickstartoidc.blob.core.windows.net/oidc\""};
  f.fix.docs = {"https://azure.github.io/azure-workload-identity/docs/troubleshooting.html"};
  return f;
}

inline Finding aadsts70021_symptom() {
  Finding f;
  f.fingerprint = "a19e77c04d2b6f10";
  f.rule_id = "AADSTS70021";
  f.title = "No federated identity credential matches the presented token";
  f.group = "token-exchange";
  f.severity = Severity::kError;
  f.status = FindingStatus::kFail;
  f.confidence = Confidence::kHigh;
  f.kind = FindingKind::kLog;
  f.subject = "system:serviceaccount:capz-system:capz-manager";
  f.detail =
      "Entra saw issuer https://capzquickstartoidc.blob.core.windows.net/oidc, subject "
      "system:serviceaccount:capz-system:capz-manager, audience api://AzureADTokenExchange.";
  f.count = 6;
  const std::string log = "logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/manager.log";
  f.first = SourceRef{log, 23, ""};
  f.last = SourceRef{log, 71, ""};
  for (uint64_t line : {71, 23, 41, 55}) {
    f.samples.push_back(
        {SourceRef{log, line, ""},
         "E1127 09:02:11.482913       1 controller.go:329] \"Reconciler error\" "
         "err=\"... AADSTS70021: No matching federated identity record found ...\""});
  }
  f.captures = {{"issuer", {"https://capzquickstartoidc.blob.core.windows.net/oidc"}},
                {"subject", {"system:serviceaccount:capz-system:capz-manager"}},
                {"audience", {"api://AzureADTokenExchange"}}};
  f.causes = {"ISSUER_TRAILING_SLASH_MISMATCH", "FIC_SUBJECT_WRONG_SA", "FIC_AUDIENCE_MISMATCH"};
  f.caused_by = {"ISSUER_TRAILING_SLASH_MISMATCH"};
  f.needs = {
      "az identity federated-credential list --identity-name <IDENTITY_NAME> "
      "--resource-group <RESOURCE_GROUP> -o json"};
  f.fix.summary = "Make the credential's issuer, subject and audience equal the token's.";
  f.fix.commands = {
      "az identity federated-credential create --name <CREDENTIAL_NAME> --identity-name "
      "<IDENTITY_NAME> --resource-group <RESOURCE_GROUP> --issuer "
      "\"https://capzquickstartoidc.blob.core.windows.net/oidc\" --subject "
      "\"system:serviceaccount:capz-system:capz-manager\" --audiences "
      "\"api://AzureADTokenExchange\""};
  f.fix.docs = {"https://learn.microsoft.com/entra/workload-id/workload-identity-federation"};
  f.missing = {"RESOURCE_GROUP", "IDENTITY_NAME", "CREDENTIAL_NAME"};
  return f;
}

inline Report full_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.mode = ReportMode::kOffline;
  r.now = "2026-11-27T09:15:00Z";
  r.now_source = NowSource::kManifest;
  r.year_source = NowSource::kManifest;
  r.inputs = {
      {"templates/kind-config.yaml", std::string(64, 'b'), 912, "k8s/kind-config",
       "kind Cluster, 1 node", InputStatus::kRead, "", "infra/kind-config.yaml", ""},
      {"README.md", std::string(64, 'c'), 400, "unrecognized", "", InputStatus::kRead, "", "", ""},
      {"azure/federated-credentials/capz-quickstart-identity.json", std::string(64, 'a'), 1530,
       "az/federated-credential-list", "2 credentials", InputStatus::kRead, "", "", ""},
      {"cluster/broken.yaml", std::string(64, 'd'), 10, "k8s/objects", "", InputStatus::kUnreadable,
       "line 1, column 3: bad indentation", "", ""},
  };
  r.collectors = {{"bundle", CollectorState::kCollected, "", "", std::nullopt},
                  {"arm", CollectorState::kSkipped, "", "--azure-token or az login", 12}};
  r.coverage = {{"ISSUER_TRAILING_SLASH_MISMATCH", CoverageState::kRan, ""},
                {"DISCOVERY_DOC_ISSUER_MISMATCH", CoverageState::kNotRun,
                 "curl -s https://<issuer>/.well-known/openid-configuration"}};
  r.rules_loaded = 57;

  Finding unknown;
  unknown.fingerprint = "0c3e";
  unknown.rule_id = "ASO_SA_FIC_MISSING";
  unknown.title = "No credential for ASO's service account";
  unknown.severity = Severity::kError;
  unknown.status = FindingStatus::kUnknown;
  unknown.kind = FindingKind::kCheck;
  unknown.subject = "system:serviceaccount:capz-system:azureserviceoperator-default";
  unknown.needs = {
      "az identity federated-credential list --identity-name <IDENTITY_NAME> "
      "--resource-group <RESOURCE_GROUP> -o json"};

  Finding info;
  info.fingerprint = "11";
  info.rule_id = "LEADER_ELECTION_LOST";
  info.title = "Controller lost its leader lease";
  info.severity = Severity::kInfo;
  info.kind = FindingKind::kLog;
  info.subject = "component/capz-manager";
  info.count = 1;

  Finding warn;
  warn.fingerprint = "22";
  warn.rule_id = "INPUT_UNREADABLE";
  warn.title = "An input file could not be parsed";
  warn.severity = Severity::kWarning;
  warn.kind = FindingKind::kInput;
  warn.subject = "cluster/broken.yaml";

  Finding pass;
  pass.fingerprint = "33";
  pass.rule_id = "FIC_AUDIENCE_MISMATCH";
  pass.title = "Credential audience differs from the token's";
  pass.severity = Severity::kError;
  pass.status = FindingStatus::kPass;
  pass.kind = FindingKind::kCheck;
  pass.subject = "capz-quickstart-identity/capz-manager";

  // Deliberately out of canonical order: finalize() must sort.
  r.findings = {info, aadsts70021_symptom(), pass, warn, trailing_slash_cause(), unknown};
  r.redactions = {{"jwt", 2}, {"client-secret", 1}};
  r.finalize();
  return r;
}

// Nothing optional set: every omitted-when-empty rule is exercised in the other direction.
inline Report minimal_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.now = "2026-11-27T09:15:00Z";
  Finding f;
  f.fingerprint = "ff";
  f.rule_id = "X";
  f.title = "t";
  f.subject = "s";
  r.findings.push_back(f);
  r.finalize();
  return r;
}

}  // namespace wid::sample
